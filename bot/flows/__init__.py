"""What the listeners do, shared between them: answer with a result (`results`), open and read
the scenario form (`modal`), saved scenarios (`saved`) and the cost chart (`charts`)."""
