package dev.tributary.testkit.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Applies the rules to the framework's own production classes. */
class FrameworkArchitectureTest {

  private static final JavaClasses FRAMEWORK = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tributary.api", "dev.tributary.core", "dev.tributary.testkit");

  @Test
  void theFrameworkFollowsItsOwnRules() {
    Assertions.assertThat(FRAMEWORK.containPackage("dev.tributary.api.connector")).isTrue();
    Assertions.assertThat(FRAMEWORK.containPackage("dev.tributary.core.wiring")).isTrue();
    ArchitectureRules.check(FRAMEWORK, List.of(
        ArchitectureRules.apiIsSelfContained(),
        ArchitectureRules.coreDoesNotDependOnHostOrTestkit(),
        ArchitectureRules.noDirectHttpClients("dev.tributary.api.."),
        ArchitectureRules.noEnvironmentOrSystemProperties("dev.tributary.api.."),
        ArchitectureRules.noStandardStreamsOrPrintStackTrace("dev.tributary.api.."),
        ArchitectureRules.noStandardStreamsOrPrintStackTrace("dev.tributary.core.."),
        ArchitectureRules.noPackageCycles("dev.tributary")));
  }
}
