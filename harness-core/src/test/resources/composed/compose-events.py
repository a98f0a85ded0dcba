#!/usr/bin/env python3
"""Writes the composed Marathon event streams and app payloads of this directory (see README.md).

Every event has the field set and order of the events Marathon 1.8.244 sent in ../captured/ (status_update_event,
instance_changed_event, deployment_*) or of Marathon's documented examples (health_status_changed_event,
instance_health_changed_event, which the captured runs did not trigger). Run it from this directory.
"""
import copy
import json
from datetime import datetime, timedelta

AGENTS = [("861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0", "mh-agent-a", "172.29.0.4"),
          ("861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S1", "mh-agent-b", "172.29.0.5")]
VERSION_OLD = "2026-11-25T01:39:04.489Z"
VERSION_NEW = "2026-11-25T02:10:00.100Z"


class Stream:
    def __init__(self, start):
        self.t = datetime.strptime(start, "%Y-%m-%dT%H:%M:%S.%fZ")
        self.blocks = []
        self.add("event_stream_attached", {"remoteAddress": "172.29.0.1"})

    def ts(self, ms):
        self.t += timedelta(milliseconds=ms)
        return self.t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (self.t.microsecond // 1000)

    def add(self, type_, fields, ms=0, ts_last=False):
        event = dict(fields)
        stamp = self.ts(ms)
        if ts_last:
            event["timestamp"] = stamp
            event["eventType"] = type_
        else:
            event["eventType"] = type_
            event["timestamp"] = stamp
        self.blocks.append("event: %s\r\ndata: %s\r\n\r\n" % (type_, json.dumps(event, separators=(",", ":"))))

    def write(self, name):
        with open(name, "w", newline="") as f:
            f.write("".join(self.blocks))


def plan(deployment, version, steps):
    return {"id": deployment, "steps": [{"actions": [{"action": a, "app": app}]} for a, app in steps],
            "version": version}


def deployment_start(s, deployment, version, steps, ms=50):
    p = plan(deployment, version, steps)
    s.add("deployment_info", {"plan": p, "currentStep": p["steps"][0]}, ms)


def deployment_end(s, deployment, version, steps, ms=50):
    p = plan(deployment, version, steps)
    s.add("deployment_step_success", {"plan": p, "currentStep": p["steps"][-1]}, ms)
    s.add("deployment_success", {"id": deployment, "plan": p}, 20)


def task_id(instance):
    return instance + "._app.1"


def app_name(app):
    return app.strip("/")


def status(s, app, instance, agent, state, version, ms=30):
    slave, host, ip = AGENTS[agent]
    s.add("status_update_event", {"slaveId": slave, "taskId": task_id(instance), "taskStatus": state, "message": "",
                                  "appId": app, "host": host,
                                  "ipAddresses": [{"ipAddress": ip, "protocol": "IPv4"}] if state != "TASK_KILLED" else [],
                                  "ports": [31064 + agent * 1000], "version": version}, ms)


def condition(s, app, instance, agent, cond, version, ms=10):
    slave, host, _ = AGENTS[agent]
    s.add("instance_changed_event", {"instanceId": instance, "condition": cond, "runSpecId": app,
                                     "agentId": None if cond == "Scheduled" else slave,
                                     "host": None if cond == "Scheduled" else host,
                                     "runSpecVersion": version}, ms, ts_last=True)


def health(s, app, instance, alive, version, ms=200):
    s.add("health_status_changed_event", {"appId": app, "instanceId": instance, "version": version, "alive": alive}, ms)
    s.add("instance_health_changed_event", {"instanceId": instance, "runSpecVersion": version, "healthy": alive,
                                            "runSpecId": app}, 5, ts_last=True)


def launch(s, app, instance, agent, version, healthy=True):
    condition(s, app, instance, agent, "Scheduled", version, 40)
    condition(s, app, instance, agent, "Provisioned", version, 300)
    status(s, app, instance, agent, "TASK_STARTING", version, 200)
    condition(s, app, instance, agent, "Starting", version)
    status(s, app, instance, agent, "TASK_RUNNING", version, 60)
    condition(s, app, instance, agent, "Running", version)
    if healthy:
        health(s, app, instance, True, version, 1500)


def kill(s, app, instance, agent, version):
    status(s, app, instance, agent, "TASK_KILLING", version, 40)
    condition(s, app, instance, agent, "Killing", version)
    status(s, app, instance, agent, "TASK_KILLED", version, 300)
    condition(s, app, instance, agent, "Killed", version)


def instance(app, n):
    return "%s.instance-%08x-e870-11f1-beda-0242ac1d000a" % (app_name(app), 0xff836c10 + n)


def app_json(app, count, min_health, max_over, ids, healthy=True, readiness=False, health_checks=1):
    with open("../captured/marathon-v2-apps-web-embed-tasks.json") as f:
        wrapper = json.load(f)
    a = wrapper["app"]
    a["id"] = app
    a["instances"] = count
    a["healthChecks"] = a["healthChecks"][1:1 + health_checks]
    a["upgradeStrategy"] = {"maximumOverCapacity": max_over, "minimumHealthCapacity": min_health}
    if readiness:
        a["readinessChecks"] = [{"name": "readiness", "protocol": "HTTP", "path": "/", "portName": "http",
                                 "intervalSeconds": 2, "timeoutSeconds": 1, "httpStatusCodesForReady": [200],
                                 "preserveLastResponse": False}]
    template = a["tasks"][0]
    tasks = []
    for i, (inst, agent) in enumerate(ids):
        t = copy.deepcopy(template)
        t["appId"] = app
        t["id"] = task_id(inst)
        t["host"] = AGENTS[agent][1]
        t["slaveId"] = AGENTS[agent][0]
        t["ipAddresses"][0]["ipAddress"] = AGENTS[agent][2]
        t["ports"] = [31064 + agent * 1000 + i]
        t["healthCheckResults"] = [dict(r, instanceId="instance [%s]" % inst, alive=healthy)
                                   for r in t["healthCheckResults"][1:1 + health_checks]]
        tasks.append(t)
    a["tasks"] = tasks
    a["tasksRunning"] = len(tasks)
    a["tasksHealthy"] = len(tasks) if healthy and health_checks else 0
    return wrapper


def dump(name, obj):
    with open(name, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def rolling_restart(name, app, old, new, batch, dep, unhealthy_old=None):
    """Restart: kill `batch` old instances, launch as many new ones, wait until healthy; repeat."""
    s = Stream("2026-11-25T02:10:00.050Z")
    steps = [("RestartApplication", app)]
    deployment_start(s, dep, VERSION_NEW, steps)
    for i in range(0, len(old), batch):
        for inst, agent in old[i:i + batch]:
            kill(s, app, inst, agent, VERSION_OLD)
        for j, (inst, agent) in enumerate(new[i:i + batch]):
            launch(s, app, inst, agent, VERSION_NEW, healthy=unhealthy_old is None or i > 0)
        if unhealthy_old is not None and i == 0:
            inst, agent = unhealthy_old
            health(s, app, inst, False, VERSION_OLD, 400)
            for k, (n_inst, _) in enumerate(new[i:i + batch]):
                health(s, app, n_inst, True, VERSION_NEW, 900)
            health(s, app, inst, True, VERSION_OLD, 1200)
    deployment_end(s, dep, VERSION_NEW, steps)
    s.write(name)


web = "/web"
old4 = [(instance(web, n), n % 2) for n in range(4)]
new4 = [(instance(web, 10 + n), n % 2) for n in range(4)]
dump("web-4-instances-half-app.json", app_json(web, 4, 0.5, 0, old4))
rolling_restart("web-restart-keeps-half-events.txt", web, old4, new4, 2, "3b0a6a1e-1d8f-4c2e-9f0e-5a7c2d9b1e01")

old2 = old4[:2]
new2 = new4[:2]
dump("web-2-instances-zero-app.json", app_json(web, 2, 0, 0, old2))
rolling_restart("web-restart-drops-to-zero-events.txt", web, old2, new2, 2, "7c41f2d0-8b3a-4e5f-a1c6-2f9e8d7b6a02")

dump("web-2-instances-half-app.json", app_json(web, 2, 0.5, 0, old2))
rolling_restart("web-restart-unhealthy-old-events.txt", web, old2, new2, 1, "c2e8a4b6-5d1f-4a3e-8b7c-9d0e1f2a3b03",
                unhealthy_old=old2[1])

# readiness: /ready, 2 instances, health check and readiness check, 50 % min health
ready = "/ready"
old_r = [(instance(ready, n), n % 2) for n in range(2)]
new_r = [(instance(ready, 10 + n), n % 2) for n in range(2)]
dump("ready-2-instances-app.json", app_json(ready, 2, 0.5, 0, old_r, readiness=True))
rolling_restart("ready-restart-events.txt", ready, old_r, new_r, 1, "e5f6a7b8-9c0d-4e1f-8a2b-3c4d5e6f7a04")
dump("ready-deployments-during-restart.json", [{
    "id": "e5f6a7b8-9c0d-4e1f-8a2b-3c4d5e6f7a04", "version": VERSION_NEW, "affectedApps": [ready], "affectedPods": [],
    "steps": [{"actions": [{"action": "RestartApplication", "app": ready}]}],
    "currentActions": [{"action": "RestartApplication", "app": ready, "readinessCheckResults": [
        {"name": "readiness", "taskId": task_id(new_r[0][0]), "ready": True, "lastResponse": None},
        {"name": "readiness", "taskId": task_id(new_r[1][0]), "ready": True, "lastResponse": None}]}],
    "currentStep": 1, "totalSteps": 1}])


def blue_green(name, scale_down_first):
    blue, green = "/web-blue", "/web-green"
    s = Stream("2026-11-25T02:20:00.050Z")
    blue_ids = [(instance(blue, n), n % 2) for n in range(2)]
    green_ids = [(instance(green, n), n % 2) for n in range(2)]
    up = [("StartApplication", green), ("ScaleApplication", green)]
    down = [("ScaleApplication", blue)]
    dep_up, dep_down = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c05", "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d06"

    def green_up():
        deployment_start(s, dep_up, VERSION_NEW, up)
        for inst, agent in green_ids:
            launch(s, green, inst, agent, VERSION_NEW)
        deployment_end(s, dep_up, VERSION_NEW, up)

    def blue_down():
        deployment_start(s, dep_down, VERSION_NEW, down, 500)
        for inst, agent in blue_ids:
            kill(s, blue, inst, agent, VERSION_OLD)
        deployment_end(s, dep_down, VERSION_NEW, down)

    if scale_down_first:
        blue_down()
        green_up()
    else:
        green_up()
        blue_down()
    s.write(name)
    return blue_ids


blue_ids = blue_green("blue-green-switch-events.txt", False)
blue_green("blue-green-scaled-down-first-events.txt", True)
dump("web-blue-2-instances-app.json", app_json("/web-blue", 2, 1, 1, blue_ids))
dump("web-green-2-instances-app.json", app_json("/web-green", 2, 1, 1,
                                                [(instance("/web-green", n), n % 2) for n in range(2)]))
