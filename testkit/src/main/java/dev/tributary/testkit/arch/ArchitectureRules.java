package dev.tributary.testkit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Tributary's architecture rules as reusable ArchUnit rules. The framework's own build applies the
 * framework rules; the contract kit applies {@link #connectorRules(String)} to every connector, ours
 * and third parties', so a connector that reaches past the API fails its own build.
 *
 * <p>Why each rule exists: a connector that calls HTTP directly skips the egress allowlist, retries
 * and redaction; one that reads the environment gets secrets around the credential providers; one
 * that prints bypasses the log redactor.
 */
public final class ArchitectureRules {

  /** Packages a connector may use besides its own and the JDK's basics. */
  static final String[] CONNECTOR_ALLOWED = {
      "dev.tributary.api..",
      "java.lang..", "java.util..", "java.time..", "java.math..", "java.net", "java.nio.charset..",
      "java.io", "java.text..", "java.sql..", "java.security..", "javax.crypto..",
      "jakarta.inject..", "javax.inject..", "com.google.inject..",
      "feign",
      "com.fasterxml.jackson.annotation..", "com.fasterxml.jackson.databind.annotation..",
      "com.fasterxml.jackson.databind.node..", "com.fasterxml.jackson.databind",
      "com.fasterxml.jackson.core"};

  private ArchitectureRules() {}

  /** {@code tributary-api} depends on no other Tributary module and only on its declared libraries. */
  public static ArchRule apiIsSelfContained() {
    return classes().that().resideInAPackage("dev.tributary.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.tributary.api..", "java..", "javax.annotation..", "jakarta.inject..", "com.google.inject..",
            "feign..", "com.fasterxml.jackson..")
        .as("tributary-api depends on no other Tributary module")
        .because("connectors compile against the api alone; a dependency here would leak into every connector");
  }

  /** Core never reaches up into the host or the testkit. */
  public static ArchRule coreDoesNotDependOnHostOrTestkit() {
    return noClasses().that().resideInAPackage("dev.tributary.core..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tributary.host..", "dev.tributary.testkit..")
        .as("tributary-core does not depend on tributary-host or tributary-testkit")
        .because("dependencies point one way: host -> core -> api");
  }

  /** A connector depends only on the api, its own package and the annotations it needs. */
  public static ArchRule connectorDependsOnlyOnApi(String connectorPackage) {
    List<String> allowed = new ArrayList<>(List.of(CONNECTOR_ALLOWED));
    allowed.add(connectorPackage + "..");
    return classes().that().resideInAPackage(connectorPackage + "..")
        .should().onlyDependOnClassesThat(resideInAnyPackage(allowed).or(arrays()))
        .as("connector " + connectorPackage + " depends only on tributary-api (plus Feign and Jackson annotations)")
        .because("a connector never depends on tributary-core; the runtime supplies everything through the api");
  }

  /** No HTTP client but the framework's. */
  public static ArchRule noDirectHttpClients(String packageIdentifier) {
    return noClasses().that().resideInAPackage(packageIdentifier)
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.net.http..", "okhttp3..", "org.apache.http..", "org.apache.hc..", "io.netty..", "feign.okhttp..",
            "feign.hc5..", "feign.http2client..", "org.springframework.web.client..")
        .orShould().dependOnClassesThat().belongToAnyOf(java.net.HttpURLConnection.class, java.net.URLConnection.class,
            java.net.Socket.class, feign.Feign.class, feign.Client.class)
        .orShould().callMethod(java.net.URL.class, "openConnection")
        .orShould().callMethod(java.net.URL.class, "openStream")
        .as("classes in " + packageIdentifier + " make no HTTP calls of their own")
        .because("every vendor call goes through the framework's client: egress allowlist, auth, retries, redaction");
  }

  /** No reading of environment variables or system properties. */
  public static ArchRule noEnvironmentOrSystemProperties(String packageIdentifier) {
    return noClasses().that().resideInAPackage(packageIdentifier)
        .should().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .orShould().callMethod(System.class, "getProperty", String.class)
        .orShould().callMethod(System.class, "getProperty", String.class, String.class)
        .orShould().callMethod(System.class, "getProperties")
        .orShould().callMethod(Integer.class, "getInteger", String.class)
        .orShould().callMethod(Boolean.class, "getBoolean", String.class)
        .as("classes in " + packageIdentifier + " read no environment variables or system properties")
        .because("secrets come from a CredentialProvider and settings from the connection's configuration");
  }

  /** No printing to standard streams, no printStackTrace. */
  public static ArchRule noStandardStreamsOrPrintStackTrace(String packageIdentifier) {
    return noClasses().that().resideInAPackage(packageIdentifier)
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethodWhere(DescribedPredicate.describe("Throwable.printStackTrace()",
            (com.tngtech.archunit.core.domain.JavaMethodCall call) -> call.getName().equals("printStackTrace")
                && call.getTargetOwner().isAssignableTo(Throwable.class)))
        .as("classes in " + packageIdentifier + " do not print to System.out/System.err or call printStackTrace")
        .because("output that bypasses the logger bypasses its secret and personal-data redaction");
  }

  /** The packages below {@code rootPackage} have no cycles; generated code (jOOQ) is exempt. */
  public static ArchRule noPackageCycles(String rootPackage) {
    return slices().matching(rootPackage + ".(**)").should().beFreeOfCycles()
        .ignoreDependency(JavaClass.Predicates.resideInAPackage("..generated.."), DescribedPredicate.alwaysTrue())
        .allowEmptyShould(true)
        .as("packages below " + rootPackage + " are free of cycles");
  }

  /** Every rule a connector in {@code connectorPackage} must pass. */
  public static List<ArchRule> connectorRules(String connectorPackage) {
    String pkg = connectorPackage + "..";
    return List.of(connectorDependsOnlyOnApi(connectorPackage), noDirectHttpClients(pkg),
        noEnvironmentOrSystemProperties(pkg), noStandardStreamsOrPrintStackTrace(pkg), noPackageCycles(connectorPackage));
  }

  /**
   * Imports the production classes of {@code connectorPackage} and checks every connector rule.
   *
   * @throws AssertionError listing every violation of every rule
   */
  public static void checkConnector(String connectorPackage) {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(connectorPackage);
    if (classes.isEmpty()) {
      throw new AssertionError("No classes found in connector package " + connectorPackage + ": is the package name right?");
    }
    check(classes, connectorRules(connectorPackage));
  }

  /**
   * Checks every rule against {@code classes} and reports all failures together.
   *
   * @throws AssertionError listing every violation of every rule
   */
  public static void check(JavaClasses classes, List<ArchRule> rules) {
    List<String> failures = new ArrayList<>();
    for (ArchRule rule : rules) {
      EvaluationResult result = rule.evaluate(classes);
      if (result.hasViolation()) {
        failures.add(result.getFailureReport().toString());
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(String.join(System.lineSeparator(), failures));
    }
  }

  private static DescribedPredicate<JavaClass> resideInAnyPackage(List<String> packages) {
    return JavaClass.Predicates.resideInAnyPackage(packages.toArray(String[]::new));
  }

  private static DescribedPredicate<JavaClass> arrays() {
    return DescribedPredicate.describe("arrays or primitives", c -> c.isArray() || c.isPrimitive());
  }
}
