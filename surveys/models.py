# Filled by its own issue; the app exists so the layout tells the architecture from day one.
