package ${package};

/** The mapped record's payload: what the framework stores. */
record Item(String name, String ownerEmail) {}
