// Starts a real single-node Elasticsearch 8 from Maven Central jars (no distribution tarball).
//
// org.elasticsearch.node.MockNode (artifact org.elasticsearch.test:framework) is a public Node
// subclass that takes its plugins from the classpath; with Netty4Plugin (artifact
// org.elasticsearch.plugin:transport-netty4) and none of the framework's mock marker plugins it
// serves real HTTP and transport. Because the test framework's randomizedtesting jar is on the
// classpath, Elasticsearch's Randomness insists on a RandomizedContext, so the node runs inside
// a single never-ending "test" driven by RandomizedRunner (no timeouts, no thread-leak checks).
//
// Usage: java -cp <jars>:<dir of this class> MarqueeEsNode <elasticsearch.yml>
// Compiled with javac by scripts/infra/engines/elasticsearch.sh at install time.
import com.carrotsearch.randomizedtesting.RandomizedRunner;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakAction;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakLingering;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakScope;
import com.carrotsearch.randomizedtesting.annotations.Timeout;
import com.carrotsearch.randomizedtesting.annotations.TimeoutSuite;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.MockNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.RunWith;
import org.junit.runner.notification.Failure;

import org.elasticsearch.common.bytes.BytesArray;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@RunWith(RandomizedRunner.class)
@ThreadLeakScope(ThreadLeakScope.Scope.NONE)
@ThreadLeakAction({})
@ThreadLeakLingering(linger = 0)
@TimeoutSuite(millis = 0)
public class MarqueeEsNode {
    private static final CountDownLatch STOPPED = new CountDownLatch(1);

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: MarqueeEsNode <elasticsearch.yml>");
            System.exit(2);
        }
        System.setProperty("marquee.es.config", args[0]);
        Result result = JUnitCore.runClasses(MarqueeEsNode.class);
        for (Failure f : result.getFailures()) {
            System.err.println(f.getTrace());
            System.err.println("MarqueeEsNode: failed: " + f.getMessage());
        }
        System.exit(result.wasSuccessful() ? 0 : 1);
    }

    @Test
    @Timeout(millis = 0)
    public void run() throws Exception {
        Settings settings = Settings.builder().loadFromPath(Path.of(System.getProperty("marquee.es.config"))).build();
        // Initialise the test framework's statics first (they reset logging), then log at INFO to stdout.
        Class.forName("org.elasticsearch.test.ESTestCase");
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(settings.get("node.name", "marquee"));
        LogConfigurator.setClusterName(settings.get("cluster.name", "marquee"));
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Collection<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, RootPlugin.class);
        Node node = new MockNode(settings, plugins);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MarqueeEsNode: stopping");
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(15, TimeUnit.SECONDS);
                System.out.println("MarqueeEsNode: stopped");
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                STOPPED.countDown();
            }
        }, "marquee-es-shutdown"));
        node.start();
        System.out.println("MarqueeEsNode: started, HTTP on " + settings.get("network.host") + ":" + settings.get("http.port"));
        STOPPED.await(); // runs until SIGTERM; the shutdown hook closes the node
    }

    /**
     * Serves GET / and HEAD / (client.info() / client.ping()). In the distribution this comes
     * from the rest-root module, which is not published to Maven Central.
     */
    public static final class RootPlugin extends Plugin implements ActionPlugin {
        @Override
        public Collection<RestHandler> getRestHandlers(
            Settings settings,
            org.elasticsearch.common.io.stream.NamedWriteableRegistry namedWriteableRegistry,
            org.elasticsearch.rest.RestController restController,
            org.elasticsearch.common.settings.ClusterSettings clusterSettings,
            org.elasticsearch.common.settings.IndexScopedSettings indexScopedSettings,
            org.elasticsearch.common.settings.SettingsFilter settingsFilter,
            org.elasticsearch.cluster.metadata.IndexNameExpressionResolver indexNameExpressionResolver,
            java.util.function.Supplier<org.elasticsearch.cluster.node.DiscoveryNodes> nodesInCluster,
            java.util.function.Predicate<org.elasticsearch.features.NodeFeature> clusterSupportsFeature
        ) {
            return List.of(new RootHandler(settings));
        }
    }

    static final class RootHandler extends BaseRestHandler {
        private final String body;

        RootHandler(Settings settings) {
            Build b = Build.current();
            body = "{\"name\":\"" + settings.get("node.name", "marquee") + "\","
                + "\"cluster_name\":\"" + settings.get("cluster.name", "marquee") + "\","
                + "\"cluster_uuid\":\"_na_\","
                + "\"version\":{\"number\":\"" + b.version() + "\",\"build_flavor\":\"" + b.flavor()
                + "\",\"build_type\":\"" + b.type().displayName() + "\",\"build_hash\":\"" + b.hash()
                + "\",\"build_date\":\"" + b.date() + "\",\"build_snapshot\":" + b.isSnapshot()
                + ",\"lucene_version\":\"" + org.apache.lucene.util.Version.LATEST
                + "\",\"minimum_wire_compatibility_version\":\"" + b.minWireCompatVersion()
                + "\",\"minimum_index_compatibility_version\":\"" + b.minIndexCompatVersion() + "\"},"
                + "\"tagline\":\"You Know, for Search\"}";
        }

        @Override
        public String getName() {
            return "marquee_main_action";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            if (request.method() == RestRequest.Method.HEAD) {
                return channel -> channel.sendResponse(new RestResponse(RestStatus.OK, "application/json", BytesArray.EMPTY));
            }
            return channel -> channel.sendResponse(new RestResponse(RestStatus.OK, "application/json", new BytesArray(body)));
        }
    }
}
