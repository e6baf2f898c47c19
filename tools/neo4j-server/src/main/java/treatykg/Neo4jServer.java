package treatykg;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community with Bolt on 127.0.0.1, data in a temporary folder, no authentication: the
 * treatykg tests' server. Prints {@code bolt://127.0.0.1:PORT} as the first line of standard
 * output once Bolt accepts connections; stops (deleting its folder, without a clean shutdown:
 * the data is thrown away) when standard input closes, which is when its parent goes away, or on
 * SIGTERM. Neo4j's own output goes to standard error.
 */
public final class Neo4jServer {
    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        System.setOut(System.err);
        int port = args.length > 0 ? Integer.parseInt(args[0]) : freePort();
        Path home = Files.createTempDirectory("tkg-neo4j-");
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                // a test server reports nothing to anyone
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // transaction timeouts are enforced by a monitor that looks every 2 s by default,
                // so a query could outlive a sub-second timeout by that much
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, java.time.Duration.ofMillis(50))
                .build();
        // The data is thrown away, so there is nothing to shut down cleanly for: removing the
        // folder and halting takes a moment where dbms.shutdown() (a checkpoint) takes ~10 s.
        Thread stop = new Thread(() -> {
            delete(home);
            Runtime.getRuntime().halt(0);
        });
        Runtime.getRuntime().addShutdownHook(stop);
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        waitForBolt(port);
        out.println("bolt://127.0.0.1:" + port);
        out.flush();
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // anything written is ignored; end of input means the parent is gone
        }
        System.exit(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt did not open on port " + port);
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
