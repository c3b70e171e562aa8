"""The extraction application: inputs, records, output files, table, HTML page, Dask."""
