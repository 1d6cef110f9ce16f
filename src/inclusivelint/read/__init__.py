"""Files to prose regions: reading, walking, markup formats, offsets."""
