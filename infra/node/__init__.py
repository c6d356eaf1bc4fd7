"""What runs on the two PBX nodes: the health agent and the cloud-init user data that
installs it next to Asterisk, rendered from one template for both nodes."""
