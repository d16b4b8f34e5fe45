package dev.portcullis.remote;

import dev.portcullis.model.Server;

/**
 * Ends one client address's connections on a server now ({@code portcullis disconnect SERVER ADDRESS
 * [--port P]}, the window's "End this address's connections").
 */
@FunctionalInterface
public interface Disconnector {

    /**
     * @param address an IPv4 or IPv6 client address (no prefix)
     * @param port    only its connections to this port, or null for every limited port
     * @return how many connections were ended
     * @throws RemoteException when the server could not be reached or refused
     */
    int disconnect(Server server, String address, Integer port) throws RemoteException;
}
