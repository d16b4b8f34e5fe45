package dev.portcullis.importer;

import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A lab server reached with nsenter instead of SSH: for the fetcher's own tests. */
final class LabPanelHost implements PanelHost {

    private final LabVps vps;

    LabPanelHost(LabVps vps) {
        this.vps = vps;
    }

    @Override
    public Result run(String command) {
        Shell.Result r = vps.exec("sh", "-c", command);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    @Override
    public void download(String remotePath, Path local, long maxBytes) throws IOException {
        if (!vps.exec("test", "-f", remotePath).ok()) {
            throw new IOException(remotePath + " is not a regular file");
        }
        Process p = new ProcessBuilder(vps.onServer("head", "-c", Long.toString(maxBytes + 1), "--", remotePath))
                .redirectOutput(local.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("cannot download " + remotePath);
            }
            if (java.nio.file.Files.size(local) > maxBytes) {
                java.nio.file.Files.delete(local);
                throw new IOException(remotePath + " is larger than " + maxBytes + " bytes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String name() {
        return "lab-vps";
    }
}
