/**
 * Checks of the Kubernetes manifests under {@code k8s/}: each parses as its real published type
 * (fabric8, Strimzi, the Flink Kubernetes Operator), the kustomizations are whole, and the
 * manifests agree with the code (topics, config keys, ports, images, metrics, ACLs).
 */
package io.hybridsr.app.k8s;
