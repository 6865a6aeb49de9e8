"""Language data shared by the tokenizer, the cleaner and the rule components (:mod:`lagebild.lang.de`)."""
