from django import template

from thidua.core.numbers import money

register = template.Library()
register.filter("money", money)
