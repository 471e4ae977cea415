"""What only the preview needs."""
