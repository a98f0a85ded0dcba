package io.mesosharness.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Client for Marathon's REST API (v2) and event stream. Every call resolves the base URL anew from the supplier, so
 * the URL may change (e.g. a new host port after Marathon restarted). Failures become {@link MarathonException}s that
 * carry Marathon's message and details.
 */
public final class MarathonClient implements AutoCloseable {

    private static final List<String> APP_EMBEDS = List.of("tasks", "counts", "deployments", "lastTaskFailure");
    private static final String[] GROUP_EMBEDS = {"embed", "group.groups", "embed", "group.apps", "embed", "group.pods"
    };

    private final Supplier<URI> baseUrl;
    private final Set<EventSubscription> subscriptions = new CopyOnWriteArraySet<>();
    private final AppNamespace namespace;
    /** {@code ?force=true} on every change: see {@link #forced()}. */
    private final boolean force;

    /** A client for the Marathon at the URL the supplier gives at the time of each call. */
    public MarathonClient(Supplier<URI> baseUrl) {
        this(baseUrl, AppNamespace.NONE, false);
    }

    /** A client for the Marathon at a fixed URL such as {@code http://localhost:8080}. */
    public MarathonClient(String baseUrl) {
        this(HttpSupport.fixedBaseUrl(baseUrl, "Marathon"));
    }

    private MarathonClient(Supplier<URI> baseUrl, AppNamespace namespace, boolean force) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.force = force;
    }

    /**
     * A view of this client whose changes ({@link #update}, {@link #scale}, {@link #restart}, {@link #delete},
     * {@link #deleteGroup}, {@link #cancelDeployment}) are sent with {@code ?force=true}: a running deployment of the
     * app is cancelled instead of answering 409 (for {@code cancelDeployment}: stopped without a rollback).
     */
    public MarathonClient forced() {
        return new MarathonClient(baseUrl, namespace, true);
    }

    /**
     * A view of this client that keeps apps in the namespace: ids going out are put in it ({@code /web} becomes
     * {@code /ns/web}), {@link #apps()}, {@link #tasks()}, {@link #queue()}, {@link #deployments()} and
     * {@link #groups()} show only what lies in it. Events are not filtered.
     */
    public MarathonClient inNamespace(AppNamespace namespace) {
        return new MarathonClient(baseUrl, namespace, force);
    }

    /** The namespace of this client ({@link AppNamespace#NONE} for a plain one). */
    public AppNamespace namespace() {
        return namespace;
    }

    /** The app id as Marathon knows it, e.g. {@code /web} as {@code /ns/web} in a namespace. */
    public String qualify(String appId) {
        return namespace.qualify(appId);
    }

    /** {@code POST /v2/apps}: creates the app and returns the deployment that launches it. */
    public DeploymentRef create(MarathonApp definition) {
        return deploymentRef(send("POST", "/v2/apps", inNamespace(definition).toJson()));
    }

    /**
     * {@code PUT /v2/apps/{id}}: changes the app to the given definition (fields not given keep their value). While a
     * deployment of the app runs Marathon answers 409, unless this client is {@link #forced()}.
     */
    public DeploymentRef update(MarathonApp definition) {
        MarathonApp app = inNamespace(definition);
        return deploymentRef(change("PUT", appPath(app.id()), app.toJson()));
    }

    /** {@code GET /v2/apps/{id}} with tasks, counts, deployments and the last task failure embedded. */
    public App app(String id) {
        return get(App.class, "app", appPath(id), embeds("app."));
    }

    /** The app if it exists ({@code GET /v2/apps/{id}} answering 404 gives empty). */
    public Optional<App> findApp(String id) {
        return found(() -> app(id));
    }

    /** {@code GET /v2/apps} with tasks, counts, deployments and the last task failure embedded. */
    public List<App> apps() {
        return namespace.filter(getList(App.class, "apps", "/v2/apps", embeds("apps.")), App::id);
    }

    /** {@code DELETE /v2/apps/{id}}: removes the app (and destroys its persistent volumes). */
    public DeploymentRef delete(String id) {
        return deploymentRef(change("DELETE", appPath(id), null));
    }

    /** Scales the app: {@code PUT /v2/apps/{id}} with {@code {"instances": n}}. */
    public DeploymentRef scale(String id, int instances) {
        if (instances < 0) {
            throw new IllegalArgumentException("instances of app '" + id + "' must be >= 0, got " + instances);
        }
        return deploymentRef(change("PUT", appPath(id), "{\"instances\":" + instances + "}"));
    }

    /** {@code POST /v2/apps/{id}/restart}: rolling restart of all tasks. */
    public DeploymentRef restart(String id) {
        return deploymentRef(change("POST", appPath(id) + "/restart", ""));
    }

    /** {@code DELETE /v2/apps/{appId}/tasks/{taskId}}: kills one task; Marathon starts a replacement. */
    public KilledTask killTask(String appId, String taskId) {
        return kill(appId, taskId);
    }

    /** {@code DELETE /v2/apps/{appId}/tasks/{taskId}?scale=true}: kills one task and lowers the instance count. */
    public KilledTask killTaskAndScale(String appId, String taskId) {
        return kill(appId, taskId, "scale", "true");
    }

    /**
     * {@code DELETE /v2/apps/{appId}/tasks/{taskId}?wipe=true}: kills one task and destroys its instance's reservation
     * and persistent volume; Marathon starts a replacement elsewhere.
     */
    public KilledTask killTaskAndWipe(String appId, String taskId) {
        return kill(appId, taskId, "wipe", "true");
    }

    private KilledTask kill(String appId, String taskId, String... query) {
        requireText("taskId", taskId);
        HttpSupport.Exchange answer =
                send("DELETE", appPath(appId) + "/tasks/" + HttpSupport.segment(taskId), null, query);
        JsonNode body = answer.json(MarathonException::unreadable);
        return new KilledTask(
                body != null && body.has("task")
                        ? Optional.of(answer.read("task", MarathonTask.class, MarathonException::unreadable))
                        : Optional.empty(),
                body != null && body.has("deploymentId") ? Optional.of(deploymentRef(answer)) : Optional.empty());
    }

    /** {@code GET /v2/apps/{id}/tasks}. */
    public List<MarathonTask> appTasks(String id) {
        return getList(MarathonTask.class, "tasks", appPath(id) + "/tasks");
    }

    /** {@code GET /v2/groups}: the root group with its apps, pods and sub-groups. */
    public Group groups() {
        Group root = get(Group.class, null, "/v2/groups", GROUP_EMBEDS);
        if (namespace.isNone()) {
            return root;
        }
        List<Group> inNamespace = root.groups().stream()
                .filter(g -> g.id().equals(namespace.group()))
                .toList();
        return new Group(root.id(), root.version(), root.dependencies(), List.of(), inNamespace, List.of());
    }

    /**
     * {@code POST /v2/groups}: creates the group with its apps and sub-groups and returns the deployment that starts
     * them (Marathon answers 409 if the group exists). In a namespace its ids and dependencies are put in it.
     *
     * @throws IllegalArgumentException for a dependency on an id that neither the definition nor Marathon has (Marathon
     *                                  would accept it and start the app without waiting for anything)
     */
    public DeploymentRef create(MarathonGroup definition) {
        return deploymentRef(
                send("POST", "/v2/groups", withKnownDependencies(definition).toJson()));
    }

    /**
     * {@code PUT /v2/groups/{id}}: makes the group what the definition says, creating it if needed; apps and sub-groups
     * of the group that the definition does not list are removed. While a deployment of one of its apps runs Marathon
     * answers 409, unless this client is {@link #forced()}. Checked like {@link #create(MarathonGroup)}.
     */
    public DeploymentRef update(MarathonGroup definition) {
        MarathonGroup group = withKnownDependencies(definition);
        return deploymentRef(change("PUT", groupPath(group.id()), group.toJson()));
    }

    /** {@code GET /v2/groups/{id}}: the group with its sub-groups and apps, each with the embeds of {@link #app}. */
    public Group group(String id) {
        requireText("group id", id);
        String[] embeds = Stream.of(GROUP_EMBEDS, embeds("group.apps."))
                .flatMap(Stream::of)
                .toArray(String[]::new);
        return get(Group.class, null, groupPath(qualify(id)), embeds);
    }

    /** The group if it exists ({@code GET /v2/groups/{id}} answering 404 gives empty). */
    public Optional<Group> findGroup(String id) {
        return found(() -> group(id));
    }

    /** {@code DELETE /v2/groups/{id}}: removes a group and everything in it. */
    public DeploymentRef deleteGroup(String id) {
        requireText("group id", id);
        return deploymentRef(change("DELETE", groupPath(qualify(id)), null));
    }

    /** {@code POST /v2/pods}: creates the pod (Marathon answers 409 if it exists); in a namespace its id is put in it. */
    public DeploymentRef create(MarathonPod definition) {
        return deploymentRef(send("POST", "/v2/pods", inNamespace(definition).toJson()));
    }

    /** {@code PUT /v2/pods/{id}}: changes or creates the pod; 409 while it deploys, unless {@link #forced()}. */
    public DeploymentRef update(MarathonPod definition) {
        MarathonPod pod = inNamespace(definition);
        return deploymentRef(change("PUT", "/v2/pods" + pod.id(), pod.toJson()));
    }

    /** {@code DELETE /v2/pods/{id}}: removes the pod and ends its instances. */
    public DeploymentRef deletePod(String id) {
        return deploymentRef(change("DELETE", "/v2/pods" + qualify(id), null));
    }

    /** {@code GET /v2/pods/{id}::status}: the pod's definition, status and instances. */
    public PodStatus podStatus(String id) {
        return get(PodStatus.class, null, "/v2/pods" + qualify(id) + "::status");
    }

    /** The pod's status if the pod exists (404 gives empty). */
    public Optional<PodStatus> findPodStatus(String id) {
        return found(() -> podStatus(id));
    }

    /** {@code GET /v2/pods/::status}: every pod (in this client's namespace) with its status. */
    public List<PodStatus> pods() {
        return namespace.filter(getList(PodStatus.class, null, "/v2/pods/::status"), PodStatus::id);
    }

    /** {@code GET /v2/deployments}: deployments in flight; empty when nothing is deploying. */
    public List<Deployment> deployments() {
        return getList(Deployment.class, null, "/v2/deployments").stream()
                .filter(d -> namespace.isNone()
                        || Stream.concat(d.affectedApps().stream(), d.affectedPods().stream())
                                .anyMatch(namespace::contains))
                .toList();
    }

    /** {@code DELETE /v2/deployments/{id}}: rolls back (the rollback deployment), or just stops when forced(). */
    public Optional<DeploymentRef> cancelDeployment(String id) {
        requireText("deployment id", id);
        HttpSupport.Exchange answer = change("DELETE", "/v2/deployments/" + HttpSupport.segment(id), null);
        JsonNode body = answer.json(MarathonException::unreadable);
        return body != null && body.hasNonNull("deploymentId") ? Optional.of(deploymentRef(answer)) : Optional.empty();
    }

    /** {@code GET /v2/tasks} (sent with {@code Accept: application/json}). */
    public List<MarathonTask> tasks() {
        return namespace.filter(getList(MarathonTask.class, "tasks", "/v2/tasks"), MarathonTask::appId);
    }

    /** {@code GET /v2/queue?embed=lastUnusedOffers}: instances waiting for launch, with why offers were declined. */
    public List<QueueEntry> queue() {
        List<QueueEntry> queue = getList(QueueEntry.class, "queue", "/v2/queue", "embed", "lastUnusedOffers");
        return namespace.filter(queue, QueueEntry::runSpecId);
    }

    /** The queue entry of one app, if instances of it wait for launch. */
    public Optional<QueueEntry> queueEntry(String appId) {
        String id = qualify(appId);
        return queue().stream().filter(e -> id.equals(e.runSpecId())).findFirst();
    }

    /** {@code DELETE /v2/queue/{appId}/delay}: resets the launch backoff of an app. */
    public void resetDelay(String appId) {
        send("DELETE", "/v2/queue" + qualify(appId) + "/delay", null);
    }

    /** {@code GET /v2/info}. */
    public MarathonInfo info() {
        return get(MarathonInfo.class, null, "/v2/info");
    }

    /** {@code GET /v2/leader}: {@code host:port} of the leading Marathon, empty while there is no leader (404). */
    public Optional<String> leader() {
        return found(() -> send("GET", "/v2/leader", null).json(MarathonException::unreadable))
                .map(body -> body.path("leader").asText(null));
    }

    /** {@code GET /ping}: true if Marathon answered 200, false if it failed or could not be reached. */
    public boolean ping() {
        try {
            return HttpSupport.send("GET", url("/ping"), null, "text/plain", null, true)
                    .ok();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Subscribes to {@code /v2/events}; see {@link EventSubscription}. Call {@link EventSubscription#awaitAttached}
     * before making the change you want to observe.
     */
    public EventSubscription events(Consumer<MarathonEvent> listener) {
        EventSubscription subscription =
                new EventSubscription(baseUrl, Objects.requireNonNull(listener, "listener"), subscriptions::remove);
        subscriptions.add(subscription);
        return subscription;
    }

    /** How many event subscriptions are open (closed ones are forgotten). */
    int openSubscriptions() {
        return subscriptions.size();
    }

    /** Closes the event subscriptions opened through this client. */
    @Override
    public void close() {
        subscriptions.forEach(EventSubscription::close);
        subscriptions.clear();
    }

    private URI url(String path, String... query) {
        return HttpSupport.url(Objects.requireNonNull(baseUrl.get(), "Marathon base URL"), path, query);
    }

    /** Sends a request; an error status or no answer is a {@link MarathonException}. */
    private HttpSupport.Exchange send(String method, String path, String jsonBody, String... query) {
        URI url = url(path, query);
        HttpSupport.Exchange answer;
        try {
            answer = HttpSupport.send(method, url, jsonBody, "application/json", null, true);
        } catch (IOException e) {
            throw MarathonException.unreachable(method, url, e);
        }
        if (!answer.ok()) {
            throw MarathonException.rejected(answer);
        }
        return answer;
    }

    /** A change, sent with {@code ?force=true} on a {@link #forced()} client. */
    private HttpSupport.Exchange change(String method, String path, String jsonBody) {
        return force ? send(method, path, jsonBody, "force", "true") : send(method, path, jsonBody);
    }

    /** {@code GET} of the body ({@code field} null) or one of its fields as {@code type}. */
    private <T> T get(Class<T> type, String field, String path, String... query) {
        return send("GET", path, null, query).read(field, type, MarathonException::unreadable);
    }

    private <T> List<T> getList(Class<T> type, String field, String path, String... query) {
        return send("GET", path, null, query).readList(field, type, MarathonException::unreadable);
    }

    /** The deployment a change started: from the body's {@code deploymentId}, the header, or the new app's list. */
    private static DeploymentRef deploymentRef(HttpSupport.Exchange answer) {
        JsonNode body = answer.json(MarathonException::unreadable);
        String header = answer.header("Marathon-Deployment-Id");
        if (body == null) {
            return new DeploymentRef(header, null);
        }
        String id = body.path("deploymentId").asText(header);
        return new DeploymentRef(
                id != null ? id : body.path("deployments").path(0).path("id").asText(null),
                body.path("version").asText(null));
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty, got '" + value + "'");
        }
    }

    private static String[] embeds(String prefix) {
        return APP_EMBEDS.stream().flatMap(e -> Stream.of("embed", prefix + e)).toArray(String[]::new);
    }

    private String appPath(String appId) {
        return "/v2/apps" + qualify(appId);
    }

    /** What the call reads, or empty when Marathon answers 404. */
    private static <T> Optional<T> found(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (MarathonException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String groupPath(String groupId) {
        return "/v2/groups"
                + Stream.of(groupId.split("/"))
                        .filter(s -> !s.isEmpty())
                        .map(s -> "/" + HttpSupport.segment(s))
                        .collect(Collectors.joining());
    }

    /** The group in this client's namespace, after checking that what it depends on outside itself exists. */
    private MarathonGroup withKnownDependencies(MarathonGroup definition) {
        MarathonGroup group = Objects.requireNonNull(definition, "group").inNamespace(namespace);
        for (MarathonGroup.Dependency d : group.dependencies()) {
            if (!group.defines(d.id())
                    && findApp(d.id()).isEmpty()
                    && findGroup(d.id()).isEmpty()) {
                throw group.problem(
                        d.field(),
                        d.written(),
                        "of " + d.owner() + " names " + d.id() + ", which is neither in group " + group.id()
                                + " nor in Marathon"
                                + (namespace.isNone()
                                        ? ""
                                        : " (in app namespace " + namespace.group()
                                                + ", where every id of the definition is put)")
                                + "; Marathon would accept it and start " + d.owner()
                                + " without waiting for anything: deploy " + d.id() + " first, or correct the id");
            }
        }
        return group;
    }

    private MarathonPod inNamespace(MarathonPod pod) {
        return namespace.isNone() ? pod : pod.withId(qualify(pod.id()));
    }

    private MarathonApp inNamespace(MarathonApp app) {
        return namespace.isNone() ? app : app.withId(qualify(app.id()));
    }
}
