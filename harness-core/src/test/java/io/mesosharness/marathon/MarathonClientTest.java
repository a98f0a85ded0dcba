package io.mesosharness.marathon;

import static io.mesosharness.testing.Fixtures.captured;
import static io.mesosharness.testing.Fixtures.json;
import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Contract tests of {@link MarathonClient} on responses captured from Marathon 1.8 and the upstream examples. */
@Tag("unit")
class MarathonClientTest {

    private MockWebServer server;
    private MarathonClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        client = new MarathonClient(server.url("/").toString());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdown();
    }

    private RecordedRequest request() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("request sent to MockWebServer").isNotNull();
        return request;
    }

    @Test
    void createPostsTheDefinitionAndReturnsTheDeploymentFromTheHeader() throws Exception {
        server.enqueue(
                captured("captured/marathon-v2-apps-POST-201.headers.txt", "captured/marathon-v2-apps-POST-201.json"));
        MarathonApp app =
                MarathonApp.command("spread", "sleep 3600").withInstances(2).withConstraint("hostname", "UNIQUE");

        DeploymentRef ref = client.create(app);

        assertThat(ref.deploymentId()).isEqualTo("7ccf789d-bcc3-4ee6-9879-eefbafb7fd55");
        assertThat(ref.version()).isEqualTo("2026-11-25T01:35:28.301Z");
        RecordedRequest request = request();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/v2/apps");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode sent = HttpSupport.mapper().readTree(request.getBody().readUtf8());
        assertThat(sent.get("id").asText()).isEqualTo("spread");
        assertThat(sent.get("instances").asInt()).isEqualTo(2);
        assertThat(sent.get("constraints").toString()).isEqualTo("[[\"hostname\",\"UNIQUE\"]]");
    }

    @Test
    void createFallsBackToTheDeploymentInTheBody() {
        server.enqueue(json("captured/marathon-v2-apps-POST-201.json").setResponseCode(201));
        assertThat(client.create(MarathonApp.command("/spread", "sleep 3600")).deploymentId())
                .isEqualTo("7ccf789d-bcc3-4ee6-9879-eefbafb7fd55");
    }

    @Test
    void capturedInvalidAppBecomesAValidationException() throws Exception {
        server.enqueue(
                captured("captured/marathon-v2-apps-POST-422.headers.txt", "captured/marathon-v2-apps-POST-422.json"));

        MarathonException e = catchThrowableOfType(
                MarathonException.class, () -> client.create(MarathonApp.command("/x", "sleep 1")));

        assertThat(e.kind()).isEqualTo(MarathonException.Kind.VALIDATION);
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.url()).isEqualTo(server.url("/v2/apps").toString());
        assertThat(e.marathonMessage()).isEqualTo("Invalid JSON");
        assertThat(e.details())
                .extracting(MarathonException.Detail::path)
                .containsExactly("/instances", "/cpus", "/id");
        assertThat(e.details().get(2).errors()).containsExactly("error.pattern");
        assertThat(e.getMessage())
                .isEqualTo("Marathon rejected POST /v2/apps (422 Invalid JSON): "
                        + "/instances: error.min; /cpus: error.min; /id: error.pattern");
    }

    @Test
    void invalidConstraintMessageReadsWell() throws Exception {
        // The 422 body Marathon gave for ["rack","GROUP_BY","x"] (faults/A11a).
        JsonNode captured = HttpSupport.mapper().readTree(text("captured/faults/A11a-rack-GROUP_BY-x-post.json"));
        server.enqueue(new MockResponse()
                .setResponseCode(captured.get("status").asInt())
                .setHeader("Content-Type", "application/json")
                .setBody(captured.get("response").toString()));

        assertThatThrownBy(() -> client.create(
                        MarathonApp.fromJson(captured.get("request").toString())))
                .isInstanceOf(MarathonException.class)
                .hasMessage("Marathon rejected POST /v2/apps (422 Object is not valid): "
                        + "/constraints: GROUP BY must define an integer value or else no value at all");
    }

    @Test
    void updateDuringADeploymentIsLockedWithTheDeploymentIdAndForceHint() throws Exception {
        server.enqueue(
                captured("captured/marathon-v2-apps-PUT-409.headers.txt", "captured/marathon-v2-apps-PUT-409.json"));

        MarathonException e = catchThrowableOfType(
                MarathonException.class,
                () -> client.update(
                        MarathonApp.command("/toomany", "sleep 3600").withInstances(5)));

        assertThat(e.kind()).isEqualTo(MarathonException.Kind.LOCKED_BY_DEPLOYMENT);
        assertThat(e.deploymentIds()).containsExactly("e5800d77-e409-4e26-8ad7-b06f3fb205b2");
        assertThat(e.getMessage())
                .startsWith("Marathon rejected PUT /v2/apps/toomany (409 App is locked by one or more deployments. "
                        + "Override with the option '?force=true'.")
                .endsWith(" - locked by deployment(s) e5800d77-e409-4e26-8ad7-b06f3fb205b2; "
                        + "wait for the deployment to finish or repeat the call on marathon().forced()");
        RecordedRequest request = request();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/v2/apps/toomany");
    }

    @Test
    void existingAppIsAlreadyExistsConflict() {
        server.enqueue(json("upstream/marathon/examples/from-docs/error-409-app-exists.json")
                .setResponseCode(409));
        MarathonException e = catchThrowableOfType(
                MarathonException.class, () -> client.create(MarathonApp.command("/existing-app", "sleep 1")));
        assertThat(e.kind()).isEqualTo(MarathonException.Kind.ALREADY_EXISTS);
        assertThat(e.getMessage())
                .isEqualTo("Marathon rejected POST /v2/apps (409 An app with id [/existing_app] already exists.)");
    }

    @Test
    void unknownAppIsNotFound() throws Exception {
        server.enqueue(
                captured("captured/marathon-v2-apps-GET-404.headers.txt", "captured/marathon-v2-apps-GET-404.json"));

        MarathonException e = catchThrowableOfType(MarathonException.class, () -> client.app("nope"));

        assertThat(e.isNotFound()).isTrue();
        assertThat(e.marathonMessage()).isEqualTo("App '/nope' does not exist");
        assertThat(e.getMessage()).isEqualTo("Marathon rejected GET /v2/apps/nope (404 App '/nope' does not exist)");
        server.enqueue(
                captured("captured/marathon-v2-apps-GET-404.headers.txt", "captured/marathon-v2-apps-GET-404.json"));
        assertThat(client.findApp("/nope")).isEmpty();
    }

    @Test
    void serverErrorWithPlainTextBody() {
        server.enqueue(new MockResponse().setResponseCode(502).setBody("Could not determine the current leader"));
        MarathonException e = catchThrowableOfType(MarathonException.class, () -> client.deployments());
        assertThat(e.kind()).isEqualTo(MarathonException.Kind.SERVER_ERROR);
        assertThat(e.getMessage())
                .isEqualTo("Marathon rejected GET /v2/deployments (502 Could not determine the current leader)");
    }

    @Test
    void unreachableMarathonSaysSo() throws Exception {
        String url = server.url("/").toString();
        server.shutdown();
        try (MarathonClient dead = new MarathonClient(url)) {
            MarathonException e = catchThrowableOfType(MarathonException.class, dead::info);
            assertThat(e.kind()).isEqualTo(MarathonException.Kind.UNREACHABLE);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).startsWith("Marathon did not answer GET /v2/info (" + url + "v2/info)");
            assertThat(dead.ping()).isFalse();
        }
    }

    @Test
    void appParsesEmbeddedTasksCountsAndHealth() throws Exception {
        server.enqueue(json("captured/marathon-v2-apps-web-embed-tasks.json"));

        App app = client.app("/web");

        assertThat(request().getPath())
                .isEqualTo(
                        "/v2/apps/web?embed=app.tasks&embed=app.counts&embed=app.deployments&embed=app.lastTaskFailure");
        assertThat(app.id()).isEqualTo("/web");
        assertThat(app.instanceCount()).isEqualTo(1);
        assertThat(app.tasksRunning()).isEqualTo(1);
        assertThat(app.tasksHealthy()).isEqualTo(1);
        assertThat(app.deployments()).isEmpty();
        assertThat(app.lastTaskFailure()).isNull();
        assertThat(app.healthChecks()).extracting(HealthCheck::protocol).containsExactly("MESOS_HTTP", "HTTP");
        assertThat(app.healthChecks().get(0).intervalSeconds()).isEqualTo(2);
        MarathonTask task = app.tasks().get(0);
        assertThat(task.host()).isEqualTo("mh-agent-a");
        assertThat(task.agentId()).isEqualTo("861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0");
        assertThat(task.ports()).containsExactly(31064);
        assertThat(task.isRunning()).isTrue();
        assertThat(task.isHealthy()).isTrue();
        assertThat(task.instanceId()).isEqualTo("web.instance-ff836c1f-e870-11f1-beda-0242ac1d000a");
        assertThat(app.countsSummary())
                .isEqualTo("/web: instances 1, staged 0, running 1, healthy 1, unhealthy 0, deployments []");
    }

    @Test
    void persistentVolumeAppShowsItsLocalVolume() {
        server.enqueue(json("captured/marathon-v2-apps-pv-embed-tasks.json"));
        App app = client.app("pv");
        MarathonTask task = app.tasks().get(0);
        assertThat(task.localVolumes())
                .containsExactly(new MarathonTask.LocalVolume("data", "pv#data#f036088e-e870-11f1-beda-0242ac1d000a"));
        assertThat(app.hasHealthChecks()).isFalse();
    }

    @Test
    void spreadAppTasksRunOnBothAgents() {
        server.enqueue(json("captured/marathon-v2-apps-spread.json"));
        App app = client.app("/spread");
        assertThat(app.constraints()).containsExactly(List.of("hostname", "UNIQUE"));
        assertThat(app.tasks()).extracting(MarathonTask::host).containsExactlyInAnyOrder("mh-agent-a", "mh-agent-b");
    }

    @Test
    void appsListsEveryAppWithTasks() throws Exception {
        server.enqueue(json("captured/marathon-v2-apps-embed-tasks.json"));
        List<App> apps = client.apps();
        assertThat(request().getPath())
                .isEqualTo(
                        "/v2/apps?embed=apps.tasks&embed=apps.counts&embed=apps.deployments&embed=apps.lastTaskFailure");
        assertThat(apps).extracting(App::id).containsExactly("/web", "/pv", "/spread", "/byrack", "/toomany");
        App toomany = apps.get(4);
        assertThat(toomany.instanceCount()).isEqualTo(5);
        assertThat(toomany.tasksRunning()).isEqualTo(2);
    }

    @Test
    void upstreamAppListExampleParses() {
        server.enqueue(json("upstream/marathon/examples/app_list.json"));
        List<App> apps = client.apps();
        assertThat(apps).isNotEmpty();
        assertThat(apps.get(0).id()).isNotBlank();
        assertThat(apps.get(0).constraints()).isNotEmpty();
    }

    @Test
    void deleteScaleRestartAndKillSendTheRightRequests() throws Exception {
        server.enqueue(json("captured/marathon-v2-apps-DELETE.json"));
        assertThat(client.forced().delete("/spread").deploymentId()).isEqualTo("fdd7f389-18e9-46dd-96c3-cd221a0ab359");
        RecordedRequest delete = request();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getPath()).isEqualTo("/v2/apps/spread?force=true");

        server.enqueue(json("upstream/marathon/examples/deployments_result.json"));
        DeploymentRef scaled = client.scale("spread", 3);
        assertThat(scaled.deploymentId()).isNotBlank();
        RecordedRequest scale = request();
        assertThat(scale.getMethod()).isEqualTo("PUT");
        assertThat(scale.getPath()).isEqualTo("/v2/apps/spread");
        assertThat(scale.getBody().readUtf8()).isEqualTo("{\"instances\":3}");

        server.enqueue(json("captured/marathon-v2-apps-pv-restart-POST.json"));
        assertThat(client.restart("/pv").deploymentId()).isEqualTo("2fadd1ea-f0ad-4b97-8374-60e4f0d75546");
        RecordedRequest restart = request();
        assertThat(restart.getMethod()).isEqualTo("POST");
        assertThat(restart.getPath()).isEqualTo("/v2/apps/pv/restart");

        server.enqueue(json("captured/marathon-v2-apps-pv-tasks-DELETE.json"));
        String taskId = "pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3";
        KilledTask killed = client.killTask("/pv", taskId);
        assertThat(killed.task()).hasValueSatisfying(t -> {
            assertThat(t.id()).isEqualTo(taskId);
            assertThat(t.host()).isEqualTo("mh-agent-a");
            assertThat(t.instanceId()).isEqualTo("pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a");
        });
        RecordedRequest kill = request();
        assertThat(kill.getMethod()).isEqualTo("DELETE");
        assertThat(kill.getPath()).isEqualTo("/v2/apps/pv/tasks/" + taskId);

        server.enqueue(json("upstream/marathon/examples/deployments_result.json"));
        assertThat(client.killTaskAndScale("/pv", taskId).deployment()).isPresent();
        assertThat(request().getPath()).isEqualTo("/v2/apps/pv/tasks/" + taskId + "?scale=true");

        server.enqueue(json("captured/marathon-v2-apps-pv-tasks-DELETE.json"));
        assertThat(client.killTaskAndWipe("/pv", taskId).task()).isPresent();
        assertThat(request().getPath()).isEqualTo("/v2/apps/pv/tasks/" + taskId + "?wipe=true");
    }

    @Test
    void updateWithForce() throws Exception {
        server.enqueue(json("upstream/marathon/examples/deployments_result.json"));
        client.forced().update(MarathonApp.command("/toomany", "sleep 3600").withInstances(2));
        RecordedRequest request = request();
        assertThat(request.getPath()).isEqualTo("/v2/apps/toomany?force=true");
        assertThat(HttpSupport.mapper()
                        .readTree(request.getBody().readUtf8())
                        .get("instances")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void appTasksAndTasksAskForJson() throws Exception {
        server.enqueue(json("upstream/marathon/examples/app_tasks.json"));
        assertThat(client.appTasks("/myapp")).isNotEmpty();
        RecordedRequest appTasks = request();
        assertThat(appTasks.getPath()).isEqualTo("/v2/apps/myapp/tasks");
        assertThat(appTasks.getHeader("Accept")).isEqualTo("application/json");

        server.enqueue(json("captured/marathon-v2-tasks.json"));
        List<MarathonTask> tasks = client.tasks();
        RecordedRequest request = request();
        assertThat(request.getPath()).isEqualTo("/v2/tasks");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(tasks).hasSize(8);
        assertThat(tasks).extracting(MarathonTask::appId).containsOnly("/web", "/pv", "/spread", "/byrack", "/toomany");
        assertThat(tasks.get(0).servicePorts()).containsExactly(10003);
    }

    @Test
    void groupsContainAllApps() throws Exception {
        server.enqueue(json("captured/marathon-v2-groups.json"));
        Group root = client.groups();
        assertThat(request().getPath()).isEqualTo("/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods");
        assertThat(root.id()).isEqualTo("/");
        assertThat(root.allApps()).extracting(App::id).containsExactly("/byrack", "/pv", "/spread", "/toomany", "/web");

        server.enqueue(json("upstream/marathon/examples/deployments_result.json"));
        client.forced().deleteGroup("/prod/web");
        RecordedRequest delete = request();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getPath()).isEqualTo("/v2/groups/prod/web?force=true");
    }

    @Test
    void theRootGroupListsTopLevelPodsWithTheirStatus() throws Exception {
        server.enqueue(json("captured/pods/marathon-v2-groups-with-pod.json"));

        Group root = client.groups();

        assertThat(root.pods()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("/shared-pod");
            assertThat(p.instanceCount()).isEqualTo(2);
        });
    }

    @Test
    void createGroupPostsItInTheNamespaceWithAbsoluteDependencies() throws Exception {
        server.enqueue(captured(
                "captured/marathon-v2-groups-POST-201.headers.txt", "captured/marathon-v2-groups-POST-201.json"));
        MarathonClient namespaced = client.inNamespace(AppNamespace.of("team-a"));

        DeploymentRef ref = namespaced.create(MarathonGroup.fromResource("groups/nested-relative.json"));

        assertThat(ref.deploymentId()).isEqualTo("1e6877fe-979f-46eb-bfe8-8d22171b778f");
        RecordedRequest request = request();
        assertThat(request.getMethod() + " " + request.getPath()).isEqualTo("POST /v2/groups");
        JsonNode sent = HttpSupport.mapper().readTree(request.getBody().readUtf8());
        assertThat(sent.get("id").asText()).isEqualTo("/team-a/stack");
        assertThat(sent.at("/apps/1/dependencies").toString()).isEqualTo("[\"/team-a/stack/db\"]");
        assertThat(sent.at("/groups/0/apps/0/id").asText()).isEqualTo("/team-a/stack/jobs/worker");
    }

    @Test
    void aDependencyOnWhatNeitherTheGroupNorMarathonHasFailsBeforeTheGroupIsSent() throws Exception {
        server.enqueue(json("captured/marathon-v2-apps-GET-404.json").setResponseCode(404));
        server.enqueue(new MockResponse()
                .setResponseCode(404)
                .setBody("{\"message\":\"Group '/team-a/infra/db' does not exist\"}"));
        MarathonGroup group =
                MarathonGroup.fromJson("{\"id\": \"/shop\",\n \"apps\": [{\"id\": \"api\", \"cmd\": \"sleep 9\",\n"
                        + "   \"dependencies\": [\"/infra/db\"]}]}");

        assertThatThrownBy(() -> client.inNamespace(AppNamespace.of("team-a")).create(group))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Marathon group definition from JSON string, line 3: apps[0].dependencies[0] = '/infra/db' of"
                                + " /team-a/shop/api names /team-a/infra/db, which is neither in group /team-a/shop nor in"
                                + " Marathon (in app namespace /team-a, where every id of the definition is put); Marathon would"
                                + " accept it and start /team-a/shop/api without waiting for anything: deploy /team-a/infra/db"
                                + " first, or correct the id");
        assertThat(request().getPath()).startsWith("/v2/apps/team-a/infra/db");
        assertThat(request().getPath()).startsWith("/v2/groups/team-a/infra/db");
        assertThat(server.takeRequest(200, TimeUnit.MILLISECONDS)).as("no POST").isNull();
    }

    @Test
    void updateGroupPutsToItsPathAndAnExistingGroupIsAlreadyExists() throws Exception {
        server.enqueue(captured(
                "captured/marathon-v2-groups-POST-409.headers.txt", "captured/marathon-v2-groups-POST-409.json"));
        server.enqueue(json("captured/marathon-v2-groups-POST-201.json"));
        MarathonGroup group = MarathonGroup.fromResource("groups/nested-relative.json");

        MarathonException conflict = catchThrowableOfType(MarathonException.class, () -> client.create(group));
        client.forced().update(group);

        assertThat(conflict.kind()).isEqualTo(MarathonException.Kind.ALREADY_EXISTS);
        request();
        assertThat(request().getPath()).isEqualTo("/v2/groups/stack?force=true");
    }

    @Test
    void aCycleMarathonFindsIsAValidationFailureWithItsMessage() {
        server.enqueue(captured(
                "captured/marathon-v2-groups-POST-422-cycle.headers.txt",
                "captured/marathon-v2-groups-POST-422-cycle.json"));
        // Marathon's own answer to a cycle, captured (MarathonGroup finds cycles within a definition before sending)
        MarathonException e = catchThrowableOfType(
                MarathonException.class, () -> client.create(MarathonGroup.fromJson("{\"id\": \"/c\", \"apps\": []}")));

        assertThat(e.kind()).isEqualTo(MarathonException.Kind.VALIDATION);
        assertThat(e.getMessage()).contains("Dependency graph has cyclic dependencies.");
    }

    @Test
    void groupReadsTheCapturedStackWithTasksAndDependencies() throws Exception {
        server.enqueue(json("captured/marathon-v2-groups-stack-in-order.json"));

        Group stack = client.inNamespace(AppNamespace.NONE).group("stack");

        RecordedRequest request = request();
        assertThat(request.getPath()).startsWith("/v2/groups/stack?embed=group.groups&embed=group.apps");
        assertThat(request.getPath()).contains("embed=group.apps.tasks").contains("embed=group.apps.counts");
        assertThat(stack.allApps())
                .extracting(App::id)
                .containsExactlyInAnyOrder("/stack/db", "/stack/api", "/stack/web");
        App web = stack.allApps().stream()
                .filter(a -> a.id().equals("/stack/web"))
                .findFirst()
                .orElseThrow();
        assertThat(web.tasksRunning()).isEqualTo(2);
        assertThat(web.tasks())
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.stagedAt()).isNotBlank());
        assertThat(stack.dependencies()).isEmpty();
    }

    @Test
    void createPodPostsItInTheNamespaceAndAnExistingOneIsAlreadyExists() throws Exception {
        server.enqueue(captured(
                "captured/pods/marathon-v2-pods-POST-201.headers.txt", "captured/pods/marathon-v2-pods-POST-201.json"));
        server.enqueue(captured(
                "captured/pods/marathon-v2-pods-POST-409.headers.txt", "captured/pods/marathon-v2-pods-POST-409.json"));
        MarathonClient namespaced = client.inNamespace(AppNamespace.of("team-a"));
        MarathonPod pod = MarathonPod.fromResource("pods/shared-volume.json");

        DeploymentRef ref = namespaced.create(pod);
        MarathonException conflict = catchThrowableOfType(MarathonException.class, () -> namespaced.create(pod));

        assertThat(ref.deploymentId()).isEqualTo("ca20cec4-4277-4916-b5dd-bb7b729043bd");
        RecordedRequest request = request();
        assertThat(request.getMethod() + " " + request.getPath()).isEqualTo("POST /v2/pods");
        assertThat(HttpSupport.mapper()
                        .readTree(request.getBody().readUtf8())
                        .get("id")
                        .asText())
                .isEqualTo("/team-a/shared-pod");
        assertThat(conflict.kind()).isEqualTo(MarathonException.Kind.ALREADY_EXISTS);
    }

    @Test
    void podCallsUseThePodPathsAndMarathonsAnswersMapToKinds() throws Exception {
        server.enqueue(json("captured/pods/marathon-v2-pods-shared-pod-status-stable.json"));
        server.enqueue(captured(
                "captured/pods/marathon-v2-pods-DELETE-409-locked.headers.txt",
                "captured/pods/marathon-v2-pods-DELETE-409-locked.json"));
        server.enqueue(captured(
                "captured/pods/marathon-v2-pods-DELETE-202-forced.headers.txt",
                "captured/pods/marathon-v2-pods-DELETE-202-forced.json"));
        server.enqueue(captured(
                "captured/pods/marathon-v2-pods-POST-422-no-containers.headers.txt",
                "captured/pods/marathon-v2-pods-POST-422-no-containers.json"));

        PodStatus status = client.podStatus("shared-pod");
        MarathonException locked =
                catchThrowableOfType(MarathonException.class, () -> client.deletePod("/nowhere-pod"));
        DeploymentRef deleted = client.forced().deletePod("/nowhere-pod");
        MarathonException invalid = catchThrowableOfType(
                MarathonException.class, () -> client.update(MarathonPod.fromResource("pods/shared-volume.json")));

        assertThat(status.status()).isEqualTo("STABLE");
        assertThat(request().getPath()).isEqualTo("/v2/pods/shared-pod::status");
        assertThat(locked.kind()).isEqualTo(MarathonException.Kind.LOCKED_BY_DEPLOYMENT);
        assertThat(request().getPath()).isEqualTo("/v2/pods/nowhere-pod");
        assertThat(deleted.deploymentId()).isEqualTo("8705afc2-e674-4718-be58-1102dd24670e");
        assertThat(request().getPath()).isEqualTo("/v2/pods/nowhere-pod?force=true");
        assertThat(invalid.kind()).isEqualTo(MarathonException.Kind.VALIDATION);
        assertThat(invalid.getMessage()).contains("error.minLength");
        RecordedRequest put = request();
        assertThat(put.getMethod() + " " + put.getPath()).isEqualTo("PUT /v2/pods/shared-pod");
    }

    @Test
    void deploymentsDuringAnUnsatisfiableDeployment() {
        server.enqueue(json("captured/marathon-v2-deployments-during-unsatisfiable.json"));
        List<Deployment> deployments = client.deployments();
        assertThat(deployments).hasSize(1);
        Deployment deployment = deployments.get(0);
        assertThat(deployment.id()).isEqualTo("e5800d77-e409-4e26-8ad7-b06f3fb205b2");
        assertThat(deployment.affectedApps()).containsExactly("/toomany");
        assertThat(deployment.currentStep()).isEqualTo(2);
        assertThat(deployment.totalSteps()).isEqualTo(2);
        assertThat(deployment.currentActions())
                .extracting(Deployment.Action::toString)
                .containsExactly("ScaleApplication /toomany");

        server.enqueue(json("captured/marathon-v2-deployments-empty.json"));
        assertThat(client.deployments()).isEmpty();

        server.enqueue(json("upstream/marathon/examples/deployments.json"));
        assertThat(client.deployments()).allSatisfy(d -> assertThat(d.id()).isNotBlank());
    }

    @Test
    void aDeploymentThatAffectsNoAppIsListedOnlyWithoutANamespace() throws Exception {
        // the captured deployment with its app taken out, as for a plan that changes only a group
        ArrayNode captured = (ArrayNode)
                HttpSupport.mapper().readTree(text("captured/marathon-v2-deployments-during-unsatisfiable.json"));
        ((ObjectNode) captured.get(0)).putArray("affectedApps");
        MockResponse noApp =
                new MockResponse().setHeader("Content-Type", "application/json").setBody(captured.toString());
        server.enqueue(noApp);
        assertThat(client.deployments())
                .extracting(Deployment::id)
                .containsExactly("e5800d77-e409-4e26-8ad7-b06f3fb205b2");

        server.enqueue(noApp);
        assertThat(client.inNamespace(AppNamespace.of("team-a")).deployments()).isEmpty();
    }

    @Test
    void cancelDeploymentWithAndWithoutForce() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202));
        assertThat(client.forced().cancelDeployment("e5800d77-e409-4e26-8ad7-b06f3fb205b2"))
                .isEmpty();
        RecordedRequest forced = request();
        assertThat(forced.getMethod()).isEqualTo("DELETE");
        assertThat(forced.getPath()).isEqualTo("/v2/deployments/e5800d77-e409-4e26-8ad7-b06f3fb205b2?force=true");

        server.enqueue(json("upstream/marathon/examples/deployments_result.json"));
        assertThat(client.cancelDeployment("e5800d77-e409-4e26-8ad7-b06f3fb205b2"))
                .isPresent();
        assertThat(request().getPath()).isEqualTo("/v2/deployments/e5800d77-e409-4e26-8ad7-b06f3fb205b2");
    }

    @Test
    void queueShowsTheOfferRejectSummary() throws Exception {
        server.enqueue(json("captured/marathon-v2-queue.json"));

        List<QueueEntry> queue = client.queue();

        assertThat(request().getPath()).isEqualTo("/v2/queue?embed=lastUnusedOffers");
        assertThat(queue).hasSize(1);
        QueueEntry entry = queue.get(0);
        assertThat(entry.runSpecId()).isEqualTo("/toomany");
        assertThat(entry.count()).isEqualTo(3);
        assertThat(entry.delay().overdue()).isTrue();
        QueueEntry.OfferSummary summary = entry.processedOffersSummary();
        assertThat(summary.processedOffersCount()).isEqualTo(13);
        assertThat(summary.unusedOffersCount()).isEqualTo(11);
        assertThat(summary.rejectSummaryLaunchAttempt())
                .contains(new QueueEntry.RejectCount("UnfulfilledConstraint", 11, 13));
        assertThat(summary.rejectSummaryLastOffers())
                .contains(new QueueEntry.RejectCount("UnfulfilledConstraint", 2, 2));
        assertThat(entry.declinedOffers()).isEqualTo("UnfulfilledConstraint 11");
        assertThat(entry.toString())
                .isEqualTo(
                        "/toomany: 3 waiting since 2026-11-25T01:39:22.240Z; declined offers: UnfulfilledConstraint 11");
        assertThat(entry.app().constraints()).containsExactly(List.of("hostname", "UNIQUE"));
    }

    @Test
    void queueWithLastUnusedOffersAndQueueEntryLookup() throws Exception {
        server.enqueue(json("captured/marathon-v2-queue-embed-lastUnusedOffers.json"));
        QueueEntry entry = client.queueEntry("toomany").orElseThrow();
        assertThat(request().getPath()).isEqualTo("/v2/queue?embed=lastUnusedOffers");
        assertThat(entry.lastUnusedOffers()).isNotEmpty();
        QueueEntry.UnusedOffer first = entry.lastUnusedOffers().get(0);
        assertThat(first.offer().hostname()).isEqualTo("mh-agent-b");
        assertThat(first.reason()).containsExactly("UnfulfilledConstraint");

        server.enqueue(json("captured/faults/A10-rack-IS-c-queue.json"));
        assertThat(client.queue().get(0).declinedOffers()).isEqualTo("UnfulfilledConstraint 12");

        server.enqueue(json("upstream/marathon/examples/queue.json"));
        assertThat(client.queue()).isNotEmpty();
    }

    @Test
    void resetDelayDeletesTheQueueDelay() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        client.resetDelay("/toomany");
        RecordedRequest request = request();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getPath()).isEqualTo("/v2/queue/toomany/delay");
    }

    @Test
    void infoLeaderAndPing() throws Exception {
        server.enqueue(captured("captured/marathon-v2-info.headers.txt", "captured/marathon-v2-info.json"));
        MarathonInfo info = client.info();
        assertThat(info.version()).isEqualTo("1.8.244");
        assertThat(info.elected()).isTrue();
        assertThat(info.leader()).isEqualTo("mh-marathon:8080");
        assertThat(info.frameworkId()).isEqualTo("861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-0001");
        assertThat(info.marathonConfig()).containsEntry("mesos_role", "marathon");
        assertThat(info.marathonConfig()).containsEntry("min_revive_offers_interval", 500);
        assertThat(request().getPath()).isEqualTo("/v2/info");

        server.enqueue(json("captured/marathon-v2-leader.json"));
        assertThat(client.leader()).contains("mh-marathon:8080");
        server.enqueue(json("upstream/marathon/examples/from-docs/leader-404-no-leader.json")
                .setResponseCode(404));
        assertThat(client.leader()).isEmpty();

        server.enqueue(new MockResponse().setBody(text("captured/marathon-ping.txt")));
        assertThat(client.ping()).isTrue();
        assertThat(request().getPath()).isEqualTo("/v2/leader");
        request();
        assertThat(request().getPath()).isEqualTo("/ping");
        server.enqueue(new MockResponse().setResponseCode(503));
        assertThat(client.ping()).isFalse();
    }

    @Test
    void baseUrlIsResolvedForEveryCall() throws Exception {
        try (MockWebServer other = new MockWebServer()) {
            other.start();
            AtomicReference<URI> current = new AtomicReference<>(server.url("/").uri());
            try (MarathonClient moving = new MarathonClient(current::get)) {
                server.enqueue(json("captured/marathon-v2-leader.json"));
                assertThat(moving.leader()).contains("mh-marathon:8080");
                current.set(other.url("/").uri());
                other.enqueue(json("captured/marathon-v2-deployments-empty.json"));
                assertThat(moving.deployments()).isEmpty();
                assertThat(other.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/v2/deployments");
            }
        }
    }

    @Test
    void baseUrlWithAPathPrefix() throws Exception {
        try (MarathonClient proxied =
                new MarathonClient(server.url("/marathon/").toString())) {
            server.enqueue(json("captured/marathon-v2-deployments-empty.json"));
            proxied.deployments();
            assertThat(request().getPath()).isEqualTo("/marathon/v2/deployments");
        }
    }

    @Test
    void badBaseUrlIsRejected() {
        assertThatThrownBy(() -> new MarathonClient("localhost:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost:8080'");
    }
}
