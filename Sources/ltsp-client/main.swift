print("ltsp-client: not built yet")
