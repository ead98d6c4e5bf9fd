package io.weft.examples;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Feeds {@link KafkaClicks}: writes N of {@link WindowedClicks}' generated clicks as {@code
 * page,user} lines, each with the click's time as its Kafka timestamp, creating the topic (4
 * partitions) if needed. A plain program, not a Weft job.
 *
 * <p>Usage: {@code KafkaClicksProducer --bootstrap-servers host:port [--topic clicks] [--events
 * 10000]}.
 */
public final class KafkaClicksProducer {
  private KafkaClicksProducer() {}

  public static void main(String[] args) throws Exception {
    Args params = Args.parse(args);
    String servers = params.required("bootstrap-servers");
    String topic = params.optional("topic", "clicks");
    long events = params.optionalLong("events", 10_000);
    Map<String, Object> conf = Map.of("bootstrap.servers", servers);
    try (Admin admin = Admin.create(conf)) {
      admin.createTopics(java.util.List.of(new NewTopic(topic, 4, (short) 1))).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
      for (long i = 0; i < events; i++) {
        WindowedClicks.Click c = WindowedClicks.click(i);
        producer.send(new ProducerRecord<>(topic, null, c.timestamp(), c.user(), c.page() + "," + c.user()));
      }
    }
    System.out.println("wrote " + events + " clicks to " + topic + " at " + servers);
  }
}
