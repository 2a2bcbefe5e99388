print("ltsp-nbd-attach: not built yet")
