package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.config.Durations;
import dev.berth.config.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker/kubernetes/, without a cluster: the Deployment runs the image that the docs build and
 * load into kind or minikube, and does not try to pull it (issue 16); its grace period covers the
 * pause and the drain; probes, Service and PodDisruptionBudget agree with the pods.
 */
class KubernetesManifestsTest {

  private static final Path KUBERNETES = RepoFiles.DOCKER.resolve("kubernetes");

  private final JsonNode deployment = RepoFiles.yaml(KUBERNETES.resolve("deployment.yaml"));
  private final JsonNode pod = deployment.path("spec").path("template");
  private final JsonNode container = pod.path("spec").path("containers").get(0);

  @Test
  void theDeploymentRunsTheImageLoadedIntoTheNodesInsteadOfPullingIt() {
    assertThat(deployment.path("kind").asText()).isEqualTo("Deployment");
    assertThat(pod.path("spec").path("containers")).hasSize(1);
    assertThat(container.path("image").asText()).isEqualTo("berth:latest");
    // The default for a :latest tag is Always, which would look for berth in a registry.
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
  }

  @Test
  void theDocsBuildLoadApplyAndRollOutWhatTheManifestsName() {
    String docs = RepoFiles.read(RepoFiles.OPERATIONS_DOC);
    String image = container.path("image").asText();
    String deploymentName = deployment.path("metadata").path("name").asText();
    assertThat(docs).contains(
        "docker build -f docker/Dockerfile -t " + image + " .",
        "kind load docker-image " + image,
        "minikube image load " + image,
        "kubectl apply -f docker/kubernetes/",
        "kubectl rollout status deployment/" + deploymentName,
        "kubectl rollout restart deployment/" + deploymentName,
        "kubectl set image deployment/" + deploymentName + " " + container.path("name").asText() + "=berth:",
        "kubectl get pods -l app.kubernetes.io/name=" + pod.path("metadata").path("labels")
            .path("app.kubernetes.io/name").asText());
  }

  @Test
  void theGracePeriodCoversThePreStopPauseAndTheDrain() {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(arg -> args.add(arg.asText()));
    int drainAt = args.indexOf("--drain-timeout");
    Duration drain = Durations.parse(drainAt < 0 ? ServerOptions.DRAIN_TIMEOUT.defaultValue() : args.get(drainAt + 1));
    JsonNode preStop = container.path("lifecycle").path("preStop").path("exec").path("command");
    assertThat(preStop.get(0).asText()).isEqualTo("sleep");
    Duration pause = Duration.ofSeconds(preStop.get(1).asLong());

    assertThat(Duration.ofSeconds(pod.path("spec").path("terminationGracePeriodSeconds").asLong()))
        .isGreaterThan(pause.plus(drain));
    assertThat(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
  }

  @Test
  void probesServiceAndDisruptionBudgetAgreeWithThePods() {
    List<String> portNames = new ArrayList<>();
    container.path("ports").forEach(port -> portNames.add(port.path("name").asText()));
    JsonNode readiness = container.path("readinessProbe").path("httpGet");
    JsonNode liveness = container.path("livenessProbe").path("httpGet");
    assertThat(readiness.path("path").asText()).isEqualTo("/readyz");
    assertThat(liveness.path("path").asText()).isEqualTo("/healthz");
    assertThat(portNames).contains(readiness.path("port").asText(), liveness.path("port").asText());

    JsonNode labels = pod.path("metadata").path("labels");
    assertThat(deployment.path("spec").path("selector").path("matchLabels")).isEqualTo(labels);
    JsonNode service = RepoFiles.yaml(KUBERNETES.resolve("service.yaml"));
    assertThat(service.path("spec").path("selector")).isEqualTo(labels);
    service.path("spec").path("ports")
        .forEach(port -> assertThat(portNames).contains(port.path("targetPort").asText()));
    JsonNode budget = RepoFiles.yaml(KUBERNETES.resolve("poddisruptionbudget.yaml"));
    assertThat(budget.path("spec").path("selector").path("matchLabels")).isEqualTo(labels);
  }
}
