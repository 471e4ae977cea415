"""What every stage uses: errors and hints, Vietnamese formatting, dates, YAML reading, addresses."""
