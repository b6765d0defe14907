// Readiness probe for the local Kafka: sends a Metadata request (Admin#listTopics) and a
// DescribeCluster request through kafka-clients from the broker's own classpath.
// Usage: java -cp <kafka jars>:<dir of this class> KafkaReady 127.0.0.1:9092 [timeoutMs]
// Exit 0 and prints "cluster=<id> brokers=<n> topics=<n>" when the broker answers.
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

public final class KafkaReady {
    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int timeoutMs = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        p.put(AdminClientConfig.RETRIES_CONFIG, 0);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(p)) {
            DescribeClusterResult c = admin.describeCluster();
            int brokers = c.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            String id = c.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            int topics = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            System.out.println("cluster=" + id + " brokers=" + brokers + " topics=" + topics);
            System.exit(brokers > 0 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("not ready: " + e);
            System.exit(1);
        }
    }
}
