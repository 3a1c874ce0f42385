"""New files for authors: a title (and perhaps a SOC code) in; a whole content project
(`careerbook init`) or one career file (`careerbook new`) out, from the templates in data/."""
