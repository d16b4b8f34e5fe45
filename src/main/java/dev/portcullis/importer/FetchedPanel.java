package dev.portcullis.importer;

import java.util.List;

/**
 * Everything read from one server, before proposals are made.
 *
 * @param inbounds all inbounds, the panel database's first
 * @param sources  the files read, as paths on the server
 * @param warnings problems with the import as a whole (a PostgreSQL panel, ...)
 * @param notes    what was looked for and not found, how the database was copied
 */
public record FetchedPanel(List<PanelInbound> inbounds, List<String> sources, List<String> warnings,
                           List<String> notes) {

    public FetchedPanel {
        inbounds = List.copyOf(inbounds);
        sources = List.copyOf(sources);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }
}
