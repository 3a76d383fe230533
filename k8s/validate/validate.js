#!/usr/bin/env node
// Renders every kustomize overlay with `kubectl kustomize` (offline) and checks each object: built-in kinds
// against the Kubernetes OpenAPI schemas (kubernetes-models), the operators' and Dapr's custom resources against
// the fields they require, then the platform's invariants: probes, resources, a locked-down security context,
// pinned images, Services and policies that select pods which exist, references that resolve, and a gateway
// tenants file that points at Services some overlay deploys.
//
//   node k8s/validate/validate.js                 every overlay under k8s/overlays
//   node k8s/validate/validate.js DIR [DIR...]    these overlays (rendered together as one network)
//
// Prints every problem as "overlay: Kind/name: what is wrong" and exits 1 when there is one.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const yaml = require("js-yaml");

const problems = [];

function main() {
  const args = process.argv.slice(2);
  const overlaysRoot = path.resolve(__dirname, "..", "overlays");
  const dirs = args.length > 0
    ? args.map((dir) => path.resolve(dir))
    : fs.readdirSync(overlaysRoot).map((name) => path.join(overlaysRoot, name)).filter((dir) => fs.statSync(dir).isDirectory());

  const overlays = dirs.map((dir) => ({ name: path.basename(dir), objects: render(dir) }));
  const network = { pods: overlays.flatMap((overlay) => podsOf(overlay)), namespaces: namespaceLabels(overlays) };

  let count = 0;
  for (const overlay of overlays) {
    for (const object of overlay.objects) {
      count++;
      const report = (message) => problems.push(`${overlay.name}: ${object.kind}/${object.metadata?.name}: ${message}`);
      validateSchema(object, report);
      checkObject(object, overlay, network, report);
    }
  }
  checkTenantRoutes(overlays);

  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in the rendered manifests:`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`${count} objects in ${overlays.length} overlays (${overlays.map((o) => o.name).join(", ")}): schemas and invariants hold`);
}

function render(dir) {
  let output;
  try {
    output = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    problems.push(`${path.basename(dir)}: kubectl kustomize failed: ${(error.stderr || error.message).trim()}`);
    return [];
  }
  const objects = yaml.loadAll(output).filter(Boolean);
  for (const object of objects) {
    object.metadata ??= {};
    object.metadata.namespace ??= "default";
  }
  return objects;
}

// ---------------------------------------------------------------- schemas

const builtIn = {
  "v1/Namespace": "v1/Namespace",
  "v1/Service": "v1/Service",
  "v1/ConfigMap": "v1/ConfigMap",
  "v1/Secret": "v1/Secret",
  "apps/v1/Deployment": "apps/v1/Deployment",
  "autoscaling/v2/HorizontalPodAutoscaler": "autoscaling/v2/HorizontalPodAutoscaler",
  "policy/v1/PodDisruptionBudget": "policy/v1/PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "networking.k8s.io/v1/NetworkPolicy",
  "networking.k8s.io/v1/Ingress": "networking.k8s.io/v1/Ingress",
};

// Custom resources: the fields their operators refuse to work without, and their types.
const custom = {
  "rabbitmq.com/v1beta1/RabbitmqCluster": { "spec.replicas": "number", "spec.image": "string", "spec.resources.limits.memory": "string", "spec.persistence.storage": "string" },
  "rabbitmq.com/v1beta1/User": { "spec.rabbitmqClusterReference.name": "string" },
  "rabbitmq.com/v1beta1/Permission": { "spec.vhost": "string", "spec.userReference.name": "string", "spec.permissions.configure": "string", "spec.permissions.read": "string", "spec.permissions.write": "string", "spec.rabbitmqClusterReference.name": "string" },
  "postgresql.cnpg.io/v1/Cluster": { "spec.instances": "number", "spec.imageName": "string", "spec.storage.size": "string" },
  "postgresql.cnpg.io/v1/Database": { "spec.name": "string", "spec.owner": "string", "spec.cluster.name": "string" },
  "dapr.io/v1alpha1/Component": { "spec.type": "string", "spec.version": "string", "spec.metadata": "array" },
  "dapr.io/v1alpha1/Configuration": { "spec": "object" },
};

function validateSchema(object, report) {
  const key = `${object.apiVersion}/${object.kind}`;
  if (!object.metadata.name) report("has no metadata.name");
  if (builtIn[key]) {
    const model = require(`kubernetes-models/${builtIn[key]}`)[object.kind];
    try {
      new model(object).validate();
    } catch (error) {
      report(`schema: ${error.message}`);
    }
  } else if (custom[key]) {
    for (const [field, type] of Object.entries(custom[key])) {
      const value = field.split(".").reduce((at, part) => at?.[part], object);
      const actual = Array.isArray(value) ? "array" : typeof value;
      if (actual !== type) report(`schema: ${field} must be ${type === "object" ? "an" : "a"} ${type}, is ${value === undefined ? "missing" : actual}`);
    }
  } else {
    report(`schema: unknown kind ${key}`);
  }
}

// ---------------------------------------------------------------- the pods that will exist

// Pods by namespace and labels: those of Deployments, and those the operators make for their custom resources.
function podsOf(overlay) {
  const pods = [];
  for (const object of overlay.objects) {
    const namespace = object.metadata.namespace;
    if (object.kind === "Deployment") {
      pods.push({ overlay: overlay.name, namespace, owner: `Deployment/${object.metadata.name}`, labels: object.spec?.template?.metadata?.labels ?? {} });
    } else if (object.kind === "RabbitmqCluster") {
      pods.push({ overlay: overlay.name, namespace, owner: `RabbitmqCluster/${object.metadata.name}`, labels: { "app.kubernetes.io/name": object.metadata.name, "app.kubernetes.io/component": "rabbitmq", "app.kubernetes.io/part-of": "rabbitmq" } });
    } else if (object.kind === "Cluster" && object.apiVersion.startsWith("postgresql.cnpg.io/")) {
      pods.push({ overlay: overlay.name, namespace, owner: `Cluster/${object.metadata.name}`, labels: { "cnpg.io/cluster": object.metadata.name, "cnpg.io/podRole": "instance" } });
    }
  }
  return pods;
}

function selects(selector, labels) {
  if (!selector) return true;
  const matchLabels = selector.matchLabels ?? {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In": return values.includes(labels[key]);
      case "NotIn": return !values.includes(labels[key]);
      case "Exists": return key in labels;
      case "DoesNotExist": return !(key in labels);
      default: return false;
    }
  });
}

function describe(selector) {
  return JSON.stringify(selector?.matchLabels ?? selector ?? {});
}

// Namespaces' labels across the network: those the overlays create, plus the standard name label.
function namespaceLabels(overlays) {
  const labels = {};
  for (const overlay of overlays) {
    for (const object of overlay.objects.filter((o) => o.kind === "Namespace")) {
      labels[object.metadata.name] = { ...(object.metadata.labels ?? {}), "kubernetes.io/metadata.name": object.metadata.name };
    }
  }
  return labels;
}

// ---------------------------------------------------------------- invariants

function checkObject(object, overlay, network, report) {
  if (overlay.name !== "demo") checkNoDemo(object, report);
  switch (object.kind) {
    case "Deployment": return checkDeployment(object, overlay, report);
    case "Service": return checkService(object, overlay, report);
    case "NetworkPolicy": return checkNetworkPolicy(object, overlay, network, report);
    case "HorizontalPodAutoscaler": return checkHpa(object, overlay, report);
    case "PodDisruptionBudget": return checkSelectsPods(object, object.spec?.selector, overlay, network, report);
    case "Ingress": return checkIngress(object, overlay, report);
    case "Database": return checkDatabase(object, overlay, report);
    case "Component": return checkSecretRefs(object, overlay, report);
  }
}

// Demo data, the demo's well-known secrets and the test eID belong to the demo overlay alone: anywhere else a cluster
// would be open to whoever read the README.
const demoMarks = [
  [/demo-(secret|password)/, "holds a demo secret"],
  [/Demo__SeedData/, "seeds the demo data (Demo__SeedData)"],
  [/Eid__Test__Enabled/, "sets the test eID (Eid__Test__Enabled)"],
  [/ASPNETCORE_ENVIRONMENT\W+(value\W+)?Development/, "runs the Development environment, which is the demo"],
];

function checkNoDemo(object, report) {
  const text = JSON.stringify(object);
  for (const [mark, what] of demoMarks) {
    if (mark.test(text)) report(`${what}; only k8s/overlays/demo may`);
  }
}

function checkDeployment(deployment, overlay, report) {
  const pod = deployment.spec?.template?.spec ?? {};
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  if (!selects(deployment.spec?.selector, labels)) report("its selector does not match its own pod template's labels");

  const podSecurity = pod.securityContext ?? {};
  if (podSecurity.seccompProfile?.type !== "RuntimeDefault") report("pod securityContext.seccompProfile.type must be RuntimeDefault");

  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const where = `container ${container.name}`;
    checkImage(container.image, where, report);
    checkProbe(container.readinessProbe, "/health/ready", `${where} readinessProbe`, container, report);
    checkProbe(container.livenessProbe, "/health/live", `${where} livenessProbe`, container, report);
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        if (!container.resources?.[kind]?.[resource]) report(`${where} has no resources.${kind}.${resource}`);
      }
    }
    const security = container.securityContext ?? {};
    if (security.runAsNonRoot !== true && podSecurity.runAsNonRoot !== true) report(`${where} may run as root (runAsNonRoot is not true)`);
    if ((security.runAsUser ?? podSecurity.runAsUser) === 0) report(`${where} runs as user 0`);
    if (security.allowPrivilegeEscalation !== false) report(`${where} must set allowPrivilegeEscalation: false`);
    if (security.readOnlyRootFilesystem !== true) report(`${where} must set readOnlyRootFilesystem: true`);
    if (!(security.capabilities?.drop ?? []).includes("ALL")) report(`${where} must drop ALL capabilities`);
    if (security.privileged === true) report(`${where} is privileged`);
    const tmp = (container.volumeMounts ?? []).find((mount) => mount.mountPath === "/tmp");
    const tmpVolume = tmp && (pod.volumes ?? []).find((volume) => volume.name === tmp.name);
    if (!tmpVolume?.emptyDir) report(`${where} needs an emptyDir at /tmp (its root filesystem is read-only)`);
    for (const mount of container.volumeMounts ?? []) {
      if (!(pod.volumes ?? []).some((volume) => volume.name === mount.name)) report(`${where} mounts volume ${mount.name}, which the pod does not define`);
    }
    checkEnvRefs(container, where, overlay, operatorSecrets(deployment), report);
  }
  for (const volume of pod.volumes ?? []) {
    if (volume.configMap && !find(overlay, "ConfigMap", volume.configMap.name)) report(`volume ${volume.name} names ConfigMap ${volume.configMap.name}, which is not deployed`);
    if (volume.secret && !secretExists(overlay, volume.secret.secretName, operatorSecrets(deployment))) report(`volume ${volume.name} names Secret ${volume.secret.secretName}, which is not deployed`);
  }

  const annotations = deployment.spec?.template?.metadata?.annotations ?? {};
  if (annotations["dapr.io/enabled"] === "true") {
    for (const required of ["dapr.io/app-id", "dapr.io/app-port"]) {
      if (!annotations[required]) report(`has a Dapr sidecar but no ${required} annotation`);
    }
    const config = annotations["dapr.io/config"];
    if (config && !find(overlay, "Configuration", config)) report(`its sidecar's Dapr Configuration ${config} is not deployed`);
  }
}

function checkImage(image, where, report) {
  if (!image) return report(`${where} has no image`);
  const digest = image.includes("@sha256:");
  const tag = image.split("/").pop().split("@")[0].split(":")[1];
  if (!digest && !tag) report(`${where} image ${image} has no tag (it would mean latest)`);
  if (tag === "latest") report(`${where} image ${image} uses the latest tag`);
}

function checkProbe(probe, expectedPath, where, container, report) {
  if (!probe) return report(`${where} is missing`);
  if (probe.httpGet?.path !== expectedPath) report(`${where} must GET ${expectedPath}, not ${probe.httpGet?.path ?? "(no httpGet)"}`);
  const port = probe.httpGet?.port;
  const ports = container.ports ?? [];
  if (typeof port === "string" ? !ports.some((p) => p.name === port) : !ports.some((p) => p.containerPort === port)) {
    report(`${where} probes port ${port}, which the container does not expose`);
  }
}

// Secrets the operators create for their resources, and those a Deployment names as created by the cluster's operator
// (annotation platform.example/operator-secrets: real credentials that no manifest renders).
function secretExists(overlay, name, createdByOperator = []) {
  if (find(overlay, "Secret", name) || createdByOperator.includes(name)) return true;
  return overlay.objects.some((o) => o.kind === "RabbitmqCluster" && `${o.metadata.name}-default-user` === name);
}

function operatorSecrets(deployment) {
  const listed = deployment.metadata?.annotations?.["platform.example/operator-secrets"];
  return listed ? listed.split(",").map((name) => name.trim()) : [];
}

function checkEnvRefs(container, where, overlay, createdByOperator, report) {
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef && !find(overlay, "ConfigMap", source.configMapRef.name)) report(`${where} envFrom names ConfigMap ${source.configMapRef.name}, which is not deployed`);
    if (source.secretRef && !secretExists(overlay, source.secretRef.name, createdByOperator)) report(`${where} envFrom names Secret ${source.secretRef.name}, which is not deployed`);
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret && !secretExists(overlay, secret.name, createdByOperator)) report(`${where} env ${variable.name} reads Secret ${secret.name}, which is not deployed`);
    const configMap = variable.valueFrom?.configMapKeyRef;
    if (configMap && !find(overlay, "ConfigMap", configMap.name)) report(`${where} env ${variable.name} reads ConfigMap ${configMap.name}, which is not deployed`);
  }
}

function checkSecretRefs(component, overlay, report) {
  for (const item of component.spec?.metadata ?? []) {
    if (item.secretKeyRef && !secretExists(overlay, item.secretKeyRef.name)) report(`metadata ${item.name} reads Secret ${item.secretKeyRef.name}, which is not deployed`);
  }
  const store = component.auth?.secretStore;
  if (store && !find(overlay, "Component", store)) report(`its secret store ${store} is not deployed`);
}

function checkService(service, overlay, report) {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return report("selects no pods (no selector)");
  const deployments = overlay.objects.filter((o) => o.kind === "Deployment" && o.metadata.namespace === service.metadata.namespace
    && selects({ matchLabels: selector }, o.spec?.template?.metadata?.labels ?? {}));
  if (deployments.length === 0) return report(`selector ${JSON.stringify(selector)} matches no Deployment's pods`);
  for (const port of service.spec?.ports ?? []) {
    if (typeof port.targetPort === "string" && !deployments.every((d) => d.spec.template.spec.containers.some((c) => (c.ports ?? []).some((p) => p.name === port.targetPort)))) {
      report(`port ${port.name ?? port.port} targets ${port.targetPort}, which a selected pod does not expose`);
    }
  }
}

function checkSelectsPods(object, selector, overlay, network, report) {
  const own = network.pods.filter((pod) => pod.overlay === overlay.name && pod.namespace === object.metadata.namespace);
  if (!own.some((pod) => selects(selector, pod.labels))) report(`selector ${describe(selector)} matches no pods in namespace ${object.metadata.namespace}`);
}

function checkNetworkPolicy(policy, overlay, network, report) {
  checkSelectsPods(policy, policy.spec?.podSelector, overlay, network, report);
  const rules = [
    ...(policy.spec?.ingress ?? []).flatMap((rule) => (rule.from ?? []).map((peer) => ["ingress from", peer])),
    ...(policy.spec?.egress ?? []).flatMap((rule) => (rule.to ?? []).map((peer) => ["egress to", peer])),
  ];
  for (const [direction, peer] of rules) {
    if (peer.ipBlock || !peer.podSelector) continue;
    // A peer within the network must name pods some overlay deploys; one in another system's namespace
    // (DNS, the ingress controller) is outside what these manifests can know.
    let candidates;
    if (!peer.namespaceSelector) {
      candidates = network.pods.filter((pod) => pod.overlay === overlay.name && pod.namespace === policy.metadata.namespace);
    } else {
      const inNetwork = Object.entries(network.namespaces).filter(([, labels]) => selects(peer.namespaceSelector, labels)).map(([name]) => name);
      if (inNetwork.length === 0) continue;
      candidates = network.pods.filter((pod) => inNetwork.includes(pod.namespace));
    }
    if (!candidates.some((pod) => selects(peer.podSelector, pod.labels))) {
      report(`${direction} pods ${describe(peer.podSelector)}${peer.namespaceSelector ? ` in namespaces ${describe(peer.namespaceSelector)}` : ""}, which no overlay deploys`);
    }
  }
}

function checkHpa(hpa, overlay, report) {
  const target = hpa.spec?.scaleTargetRef;
  if (target?.kind !== "Deployment" || !find(overlay, "Deployment", target.name, hpa.metadata.namespace)) report(`scales ${target?.kind}/${target?.name}, which is not deployed`);
  if ((hpa.spec?.minReplicas ?? 1) < 2) report("minReplicas must be at least 2, or a PodDisruptionBudget blocks every drain");
}

function checkIngress(ingress, overlay, report) {
  for (const rule of ingress.spec?.rules ?? []) {
    for (const route of rule.http?.paths ?? []) {
      const backend = route.backend?.service;
      const service = backend && find(overlay, "Service", backend.name, ingress.metadata.namespace);
      if (!service) report(`routes ${route.path} to Service ${backend?.name}, which is not deployed`);
      else if (!(service.spec.ports ?? []).some((p) => p.name === backend.port?.name || p.port === backend.port?.number)) report(`routes ${route.path} to a port Service ${backend.name} does not have`);
    }
  }
}

function checkDatabase(database, overlay, report) {
  const cluster = find(overlay, "Cluster", database.spec?.cluster?.name, database.metadata.namespace);
  if (!cluster) return report(`belongs to Cluster ${database.spec?.cluster?.name}, which is not deployed`);
  if (!(cluster.spec?.managed?.roles ?? []).some((role) => role.name === database.spec.owner)) report(`owner ${database.spec.owner} is not a role of Cluster ${cluster.metadata.name}`);
}

// The gateway's per-tenant clusters must point at Services an overlay deploys, in the namespace the URL names.
function checkTenantRoutes(overlays) {
  const services = overlays.flatMap((overlay) => overlay.objects.filter((o) => o.kind === "Service"));
  for (const overlay of overlays) {
    for (const configMap of overlay.objects.filter((o) => o.kind === "ConfigMap" && o.data?.["tenants.json"])) {
      let tenants;
      try {
        tenants = JSON.parse(configMap.data["tenants.json"]).Tenants ?? {};
      } catch (error) {
        problems.push(`${overlay.name}: ConfigMap/${configMap.metadata.name}: tenants.json is not JSON: ${error.message}`);
        continue;
      }
      for (const [tenant, settings] of Object.entries(tenants)) {
        for (const [cluster, address] of Object.entries(settings.Clusters ?? {})) {
          const url = new URL(address);
          const [name, namespace] = url.hostname.split(".");
          const port = Number(url.port || 80);
          const target = services.find((s) => s.metadata.name === name && s.metadata.namespace === namespace && (s.spec.ports ?? []).some((p) => p.port === port));
          if (!target) problems.push(`${overlay.name}: ConfigMap/${configMap.metadata.name}: tenant ${tenant}'s ${cluster} is ${address}, but no overlay deploys Service ${name} with port ${port} in namespace ${namespace}`);
        }
      }
    }
  }
}

function find(overlay, kind, name, namespace) {
  return overlay.objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
}

main();
