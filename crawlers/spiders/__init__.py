"""The observatory's spider and the per-kind index readers it is assembled from."""
