"""Many files or records: plans, worker processes, batches, Dask."""
