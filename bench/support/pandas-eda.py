"""The pandas reference for bench/eda.ts: the same statistics as PipeWeave's report.

Reads the CSV (pandas here has no Parquet engine), then times only the statistics: describe, the
seven quantiles, skewness, missing and distinct counts, a 20-bin histogram of every numeric column,
value_counts of the other columns, duplicate rows and the Pearson correlation matrix.
Prints JSON {readSeconds, statsSeconds}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

started = time.perf_counter()
df = pd.read_csv(sys.argv[1])
read = time.perf_counter() - started

started = time.perf_counter()
numeric = df.select_dtypes("number")
numeric.describe()
numeric.quantile([0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])
numeric.skew()
df.isna().sum()
df.nunique()
for column in numeric.columns:
    values = numeric[column].dropna().to_numpy()
    np.histogram(values, bins=20)
for column in df.select_dtypes(exclude="number").columns:
    df[column].value_counts().head(10)
df.duplicated().sum()
numeric.corr()
stats = time.perf_counter() - started
print(json.dumps({"readSeconds": read, "statsSeconds": stats}))
