/**
 * Cron (Drupal's cron): {@link dev.tributary.core.schedule.Scheduler} turns per-connection
 * {@link dev.tributary.core.schedule.SyncSchedule}s (Unix cron expressions read in a time zone)
 * into sync jobs, each fire exactly once across every node; missed fires are caught up once.
 */
package dev.tributary.core.schedule;
