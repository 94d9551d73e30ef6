"""Turning gold JSONL into trained model folders: datasets, Trainer set-up, baselines, seeds."""
