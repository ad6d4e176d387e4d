"""Records of processing activities (GDPR Art. 30), generated from the product's own types and fields."""
