"""Moving sessions in and out: JSON interchange, CSV roster."""
