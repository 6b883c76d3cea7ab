package dev.tributary.core.health;

import java.util.List;
import java.util.Objects;

/** The health of every component and the worst of them. Immutable. */
public record HealthReport(Colour overall, List<Component> components) {

  public HealthReport {
    Objects.requireNonNull(overall, "overall");
    components = List.copyOf(components);
  }

  /**
   * One component: {@code database}, {@code queue} or {@code connection:<id>}.
   *
   * @param reasons why it is not green (empty when green); operator text without secrets
   */
  public record Component(String name, Colour colour, List<String> reasons) {
    public Component {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(colour, "colour");
      reasons = List.copyOf(reasons);
    }
  }

  /** The component {@code name}. @throws IllegalArgumentException listing the components when none */
  public Component component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no component '" + name + "'; components: "
            + components.stream().map(Component::name).toList()));
  }
}
