"""Evidence: does the score predict churn? Renewals, scoring as of a past day, backtests."""
