/**
 * Backfills (Drupal's Batch API): {@link dev.tributary.core.backfill.Backfills} runs a
 * {@link dev.tributary.core.backfill.BackfillTask} chunk by chunk through the job queue, resumable
 * after a crash, with progress and an ETA.
 */
package dev.tributary.core.backfill;
