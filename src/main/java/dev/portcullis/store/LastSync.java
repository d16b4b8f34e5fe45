package dev.portcullis.store;

import java.time.Instant;

/**
 * How a server's last sync came out, as recorded by {@link Inventory#recordSync}.
 *
 * @param server the server's name
 * @param status the status recorded (a sync result's id: "ok", "unchanged", "failed")
 * @param at     when it was recorded
 */
public record LastSync(String server, String status, Instant at) {
}
