// Manifests as the Kubernetes docs print them, shared by the scenarios that apply them.

/** The docs' nginx Deployment ("Creating a Deployment"): 3 replicas of nginx:1.14.2. */
export const NGINX_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;
