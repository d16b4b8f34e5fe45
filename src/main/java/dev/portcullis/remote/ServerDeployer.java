package dev.portcullis.remote;

import dev.portcullis.model.Server;
import java.util.function.Consumer;

/** Plan and sync of one server, as the fleet runs them ({@link Deployer} is the real one). */
public interface ServerDeployer {

    Plan plan(Server server, Consumer<String> progress) throws RemoteException;

    Deployer.Result sync(Server server, Consumer<String> progress) throws RemoteException;
}
