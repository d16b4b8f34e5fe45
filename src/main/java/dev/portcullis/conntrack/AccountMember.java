package dev.portcullis.conntrack;

/**
 * A client network counted as one of an account's devices on a shared port.
 *
 * @param network         address/prefix as the server groups it (a.b.c.d/32, IPv6 per the entry's prefix)
 * @param idleLeftSeconds seconds of silence left before the network frees its slot
 */
public record AccountMember(String network, int idleLeftSeconds) {
}
