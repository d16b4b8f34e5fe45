package dev.portcullis.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Handle on a {@link LabAgent} echo service; constructing it waits until every port listens. */
public final class EchoServer {

    private final Process process;

    EchoServer(Process process) {
        this.process = process;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line = LabClient.readLine(out, process, 20);
            if (!"ready".equals(line)) {
                throw new IllegalStateException("echo server did not start: " + line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("echo server did not start", e);
        }
    }

    public Process process() {
        return process;
    }
}
