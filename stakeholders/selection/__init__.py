"""Fair, fatigue-aware selection of N organizations or people from a pool with quotas."""
