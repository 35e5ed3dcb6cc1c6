"""What a caller can do with the knowledge base: the layer between the engine (index/) and the web (api/, web/)."""
