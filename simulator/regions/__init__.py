"""Real regions to start scenarios from: Finland's municipalities and counties, and templates.

``data`` reads the shipped Statistics Finland table, ``template`` reads a template of the
services every municipality and county has, ``region`` repeats the one over the other.
"""
