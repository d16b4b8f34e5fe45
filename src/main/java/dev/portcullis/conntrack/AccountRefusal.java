package dev.portcullis.conntrack;

/**
 * A client network refused on a shared port because of one account (or, for an observe entry, one
 * that would have been).
 *
 * @param count       refused connection attempts and cut-offs (would-be ones when observed)
 * @param secondsLeft seconds until the refusal lapses (0 for observed)
 * @param observed    true when nothing was refused: the entry only observes
 */
public record AccountRefusal(String network, long count, int secondsLeft, boolean observed) {
}
