package dev.tributary.core.webhook;

import java.util.Optional;

/**
 * What a framework verifier learned from an authentic delivery.
 *
 * @param replayKey identifies the delivery for replay protection; derived only from signed
 *     material, so an attacker cannot change it without breaking the signature
 * @param vendorDeliveryId the vendor's delivery id header, if the delivery carried one (it may be
 *     unsigned: use it to correlate, not to decide)
 */
record Verified(String replayKey, Optional<String> vendorDeliveryId) {}
