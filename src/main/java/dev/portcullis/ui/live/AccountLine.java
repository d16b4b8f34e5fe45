package dev.portcullis.ui.live;

import dev.portcullis.conntrack.AccountActivity;
import dev.portcullis.conntrack.AccountMember;
import dev.portcullis.conntrack.AccountRefusal;
import dev.portcullis.model.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the live view's accounts table: one client network of one account entry (a member
 * holding a device slot, a refused network, or one an observe entry would have refused), or the
 * entry alone when it has neither. Account and network come from the server: they are kept
 * escaped, as every server text the window shows.
 *
 * @param count       refused attempts and cut-offs (refused, observed), -1 when not counted
 * @param secondsLeft idle time left (member), time until the refusal lapses (refused), -1 when none
 */
public record AccountLine(String port, String account, String network, Kind kind, long count, int secondsLeft) {

    /** What the network is to the account. */
    public enum Kind {
        MEMBER, REFUSED, OBSERVED, NONE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The entry's lines: its members first, then its refused (or observed) networks. */
    static List<AccountLine> of(AccountActivity a) {
        String port = a.port() + "/" + a.protocol().id();
        String account = TerminalText.escape(a.account());
        List<AccountLine> lines = new ArrayList<>();
        for (AccountMember m : a.members()) {
            lines.add(new AccountLine(port, account, TerminalText.escape(m.network()), Kind.MEMBER, -1,
                    m.idleLeftSeconds()));
        }
        for (AccountRefusal r : a.refused()) {
            lines.add(new AccountLine(port, account, TerminalText.escape(r.network()),
                    r.observed() ? Kind.OBSERVED : Kind.REFUSED, r.count(), r.observed() ? -1 : r.secondsLeft()));
        }
        if (lines.isEmpty()) {
            lines.add(new AccountLine(port, account, "", Kind.NONE, -1, -1));
        }
        return lines;
    }
}
