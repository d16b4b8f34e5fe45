package dev.portcullis.importer;

import dev.portcullis.importer.ImportException.Kind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.LimitChange;
import dev.portcullis.store.StaleLimitsException;
import java.util.List;

/** The import's view of the stored inventory: one server's entries, written in one transaction. */
public final class InventoryLimitBook implements LimitBook {

    private final Inventory inventory;

    public InventoryLimitBook(Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public List<LimitEntry> limits(String server) {
        return inventory.limits(server);
    }

    @Override
    public void apply(String server, List<PlannedChange> writes) {
        List<LimitChange> changes = writes.stream().map(w -> new LimitChange(w.existing(), w.result())).toList();
        try {
            inventory.changeLimits(server, changes);
        } catch (StaleLimitsException e) {
            throw new ImportException(Kind.CHANGED, e.getMessage() + " since the review; import again", e);
        }
    }
}
