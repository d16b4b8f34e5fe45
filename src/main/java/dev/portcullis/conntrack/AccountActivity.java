package dev.portcullis.conntrack;

import dev.portcullis.model.Protocol;

import java.util.List;

/** What the server's watcher reports for one account entry on a shared port. */
public record AccountActivity(int port, Protocol protocol, String account, List<AccountMember> members,
                              List<AccountRefusal> refused) {

    public AccountActivity {
        members = List.copyOf(members);
        refused = List.copyOf(refused);
    }
}
