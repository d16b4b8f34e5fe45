package dev.portcullis.history;

import java.time.Instant;

/**
 * One client address over a period, all its address-days (of the chosen ports and accounts) together.
 *
 * @param daysSeen    distinct UTC days on which it was seen
 * @param connections its connections over those days
 * @param refused     its attempts the limit refused (or would have, in observe mode)
 */
public record AddressSummary(String address, Instant firstSeen, Instant lastSeen, int daysSeen, long connections,
                             long refused, Origin origin) {
}
