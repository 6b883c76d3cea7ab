package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ScrubberTest {

  @Test
  void aPersonalFieldHoldingAnObjectHasEveryStringBeneathItFakedStably() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode charge = json.readTree("""
        {"id":"ch_1","billing_details":{"name":"kept","address":{"line1":"1 Real Street","city":"Realtown",
         "postal_code":"RT1 1AA","lines":["Flat 2"],"verified":true}}}""");
    Scrubber s = Scrubber.builder().personalField("billing_details.address").build();

    JsonNode scrubbed = s.json(charge);

    String text = scrubbed.toString();
    assertThat(text).doesNotContain("1 Real Street", "Realtown", "RT1 1AA", "Flat 2").contains("\"name\":\"kept\"");
    assertThat(scrubbed.at("/billing_details/address/city").asText()).isEqualTo("city-" + Scrubber.hash("Realtown"));
    assertThat(scrubbed.at("/billing_details/address/verified").asBoolean()).isTrue();
    assertThat(s.json(charge)).isEqualTo(scrubbed);
  }
}
