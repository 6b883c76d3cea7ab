package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Golden mappings")
class GoldenTest {

  @Test
  void pointAbsoluteVendorUrlsBackAtTheGoldenServer() throws Exception {
    ObjectNode m = (ObjectNode) Golden.JSON.readTree("""
        {"request":{"method":"GET","urlPath":"/issues"},
         "response":{"status":200,"headers":{"Link":"<{{baseUrl}}/issues?page=2>; rel=\\"next\\"","X-Many":["{{baseUrl}}/a","b"]},
                     "body":"{\\"next\\":\\"{{baseUrl}}/issues?page=2\\"}"}}""");

    ObjectNode served = Golden.withBaseUrl(m, "http://127.0.0.1:4242");

    assertThat(served.at("/response/headers/Link").asText()).isEqualTo("<http://127.0.0.1:4242/issues?page=2>; rel=\"next\"");
    assertThat(served.at("/response/headers/X-Many/0").asText()).isEqualTo("http://127.0.0.1:4242/a");
    assertThat(served.at("/response/body").asText()).isEqualTo("{\"next\":\"http://127.0.0.1:4242/issues?page=2\"}");
    assertThat(Golden.body(m)).contains("{{baseUrl}}");
  }

  @Test
  void editOnlyTheObjectsHoldingEveryRequiredField() {
    String body = "{\"data\":[{\"id\":\"a\",\"updated\":1,\"meta\":{\"id\":\"m\"}},{\"id\":\"b\"}],\"id\":\"list\"}";

    String edited = Golden.editItems(body, Set.of("id", "updated"), n -> n.put("added", true));

    assertThat(edited).isEqualTo("{\"data\":[{\"id\":\"a\",\"updated\":1,\"meta\":{\"id\":\"m\"},\"added\":true},{\"id\":\"b\"}],\"id\":\"list\"}");
    assertThat(Golden.editItems(body, Set.of("nope"), n -> n.put("added", true))).isNull();
  }
}
