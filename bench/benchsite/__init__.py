"""The site `bench/delivery_throughput.py` serves: Parley plus one bare view."""
