"""careerbot: a career-advice chatbot answering from official US occupation data."""
